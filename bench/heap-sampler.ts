import { writeSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

/**
 * Loaded into a benchmarked run with `node --expose-gc --import`: every SAMPLE_MS it runs a full garbage
 * collection and writes the heap that survived, with the time, as one JSON line to file descriptor 3. The
 * heap after a full collection is what a run really holds; RSS also counts the room V8 keeps for later.
 */
const SAMPLE_MS = 1_000;
const gc = (globalThis as { gc?: () => void }).gc;
const started = Date.now();

if (gc) {
  setInterval(() => {
    gc();
    const memory = process.memoryUsage();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 1024)]),
    );
    const line = JSON.stringify({
      atMs: Date.now() - started,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      rss: memory.rss,
      external: memory.external,
      spacesKb: spaces,
    });
    try {
      writeSync(3, `${line}\n`);
    } catch {
      // The benchmark stopped listening: nothing to report to.
    }
  }, SAMPLE_MS).unref();
}

import { writeSync } from 'node:fs';

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
    const line = JSON.stringify({ atMs: Date.now() - started, heapUsed: process.memoryUsage().heapUsed });
    try {
      writeSync(3, `${line}\n`);
    } catch {
      // The benchmark stopped listening: nothing to report to.
    }
  }, SAMPLE_MS).unref();
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ConnectionIdentity, ConnectionObserver, FrameListener } from '../src/analysis/connection-observer.js';
import { summarizeLogs } from '../src/analysis/summarize-logs.js';
import { TimelineCollector } from '../src/analysis/timeline.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * Does merging many logs stay flat? Writes 2 and then 20 logs of 50k events each (four channels, an
 * idle-timeout close every 30 heartbeats per channel) and reports the peak heap above baseline while
 * `summarizeLogs` streams them and once it has returned the summary (the rows are classified then), with
 * and without the SVG timeline collector. The events stream through;
 * what grows is one row per closure (these logs close a connection every 15 minutes, 10x the closures
 * for 10x the files), so the ratio shows the cost per row rather than per event.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const EVENTS_PER_FILE = 50_000;
const CHANNELS = 4;
const START_WALL = Date.UTC(2026, 0, 1);

function logText(machine: number): string {
  const lines: string[] = [];
  let mono = 0;
  const line = (body: Record<string, unknown>) =>
    lines.push(JSON.stringify({ level: 'info', time: new Date(START_WALL + mono).toISOString(), mono, ...body }));
  line({ event: 'run-start', version: 'bench', options: {}, timeScale: 1, target: `machine ${machine}` });
  const conns = new Array<number>(CHANNELS).fill(1);
  for (let c = 0; c < CHANNELS; c += 1) line({ event: 'open', channel: `streaming-0-bench${c}`, conn: 1 });
  for (let n = 0; lines.length < EVENTS_PER_FILE; n += 1) {
    const c = n % CHANNELS;
    const channel = `streaming-0-bench${c}`;
    mono += 30_000 / CHANNELS;
    if (Math.floor(n / CHANNELS) % 30 === 29) {
      line({ event: 'close', channel, conn: conns[c], code: 1001, reason: 'idle timeout', clean: true, by: 'server' });
      conns[c] = (conns[c] ?? 1) + 1;
      line({ event: 'open', channel, conn: conns[c] });
    } else line({ event: 'heartbeat', channel, conn: conns[c] });
  }
  return `${lines.join('\n')}\n`;
}

/** Samples the heap every so many frames as the analysis hears them (and optionally also collects timelines). */
class Sampler implements ConnectionObserver {
  peak = 0;
  private seen = 0;
  private readonly timelines = new TimelineCollector();
  constructor(
    private readonly baseline: number,
    private readonly collect: boolean,
  ) {}
  opened(connection: ConnectionIdentity, openMono: number, timeScale: number): FrameListener {
    const collecting = this.collect ? this.timelines.opened(connection, openMono, timeScale) : null;
    return (frame) => {
      collecting?.(frame);
      if (++this.seen % 25_000 === 0) this.sample();
    };
  }
  sample(): void {
    gc();
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed - this.baseline);
  }
}

async function measure(files: string[], collect: boolean): Promise<{ peak: number; rows: number }> {
  gc();
  const sampler = new Sampler(process.memoryUsage().heapUsed, collect);
  const summary = await summarizeLogs(files, { timelines: sampler });
  // Once more with the summary in hand: every row made, classified and compared is held at this point.
  sampler.sample();
  return { peak: sampler.peak, rows: summary.closures.length };
}

export async function benchReportMergeMemory(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-bench-merge-'));
  try {
    const files = Array.from({ length: 20 }, (_, i) => {
      const file = join(dir, `machine-${i}.ndjson`);
      writeFileSync(file, logText(i));
      return file;
    });
    const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;
    const out = ['report merge memory: summarizeLogs over 2 vs 20 logs of 50k events'];
    const ratios: string[] = [];
    for (const collect of [false, true]) {
      const small = await measure(files.slice(0, 2), collect);
      const large = await measure(files, collect);
      ratios.push(
        `${(large.peak / Math.max(small.peak, 65_536)).toFixed(1)}x ${collect ? 'with' : 'without'} timelines`,
      );
      out.push(
        `  ${collect ? 'with' : 'without'} the SVG timeline collector: 2 files ${mb(small.peak)} (${small.rows} rows), ` +
          `20 files ${mb(large.peak)} (${large.rows} rows), heap ratio ${(large.peak / Math.max(small.peak, 65_536)).toFixed(2)}x for 10x the events`,
      );
    }
    return { text: out.join('\n'), verdicts: [verdict('none (heap, 10x the files)', ratios.join(', '), null)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MAX_TIME_SCALE } from '../src/protocol/timing.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * A long live run does not grow: 20 channels against the built-in simulator for 24 hours of scenario time,
 * each channel closed at 4 minutes by a lifetime cap (a scenario file written for the run) and reconnected,
 * about 4,000 closures in all. Two measures from the same run: its resident memory,
 * sampled from /proc (the bar: the median of the last scenario hour within 5 MB of the first), and the heap
 * that survives a full garbage collection, sampled by heap-sampler.js inside the run (what the run really
 * holds; RSS also counts the room V8 grows into while it warms up).
 */
/** The fastest a run may go (`--time-scale` refuses more): 24 h of scenario time in 2.4 minutes. */
const TIME_SCALE = MAX_TIME_SCALE;
const CHANNELS = 20;
const SCENARIO_HOURS = 24;
/**
 * 24 h / 4 min would be 360 closures a channel; each reconnect's backoff and the real milliseconds of a
 * reconnect (minutes of scenario time at 600x) leave about 200, 4,000 for 20 (5 min gave 3,200).
 */
const CAP_4_MINUTES = {
  name: 'cap-4m',
  summary: 'Closes 1001 at a connection age of 4 min.',
  hypothesis: 'connection lifetime cap',
  basis: 'assumed',
  heartbeatIntervalMs: '30s',
  topicEventIntervalMs: '4m',
  closeRules: [{ kind: 'max-age', afterMs: '4m', code: 1001, reason: 'idle timeout' }],
};
const BAR_BYTES = 5 * 1024 * 1024;
const SAMPLE_EVERY_MS = 200;
const BIN = fileURLToPath(new URL('../../bin/idleprobe.js', import.meta.url));
const HEAP_SAMPLER = fileURLToPath(new URL('./heap-sampler.js', import.meta.url));
const HOUR_MS = 3_600_000;

function rssBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchLiveRunMemory(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-live-memory-'));
  try {
    const scenario = join(dir, 'cap-4m.json');
    writeFileSync(scenario, JSON.stringify(CAP_4_MINUTES));
    const args = [
      '--expose-gc',
      '--import',
      HEAP_SAMPLER,
      BIN,
      'run',
      '--sim',
      '--scenario',
      scenario,
      '--time-scale',
      String(TIME_SCALE),
      '--channels',
      String(CHANNELS),
      '--duration',
      `${SCENARIO_HOURS}h`,
      '--log',
      join(dir, 'run.ndjson'),
      '--format',
      'json',
      '--no-status',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let heapLines = '';
    (child.stdio[3] as Readable | null)?.setEncoding('utf8').on('data', (chunk: string) => {
      heapLines += chunk;
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const started = Date.now();
    const samples: Array<{ scenarioMs: number; rss: number }> = [];
    const sampler = setInterval(() => {
      const rss = child.pid === undefined ? null : rssBytes(child.pid);
      if (rss !== null) samples.push({ scenarioMs: (Date.now() - started) * TIME_SCALE, rss });
    }, SAMPLE_EVERY_MS);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearInterval(sampler);
    if (code !== 0) throw new Error(`the run exited ${code}: ${stderr.slice(-2000)}`);
    const summary = JSON.parse(stdout) as { closures: unknown[] };
    const hour = (index: number): number[] =>
      samples.filter((s) => s.scenarioMs >= index * HOUR_MS && s.scenarioMs < (index + 1) * HOUR_MS).map((s) => s.rss);
    const first = median(hour(0));
    const last = median(hour(SCENARIO_HOURS - 1));
    const heaps = heapLines
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { atMs: number; heapUsed: number; heapTotal: number; rss: number });
    const heapIn = (index: number, pick: (h: (typeof heaps)[number]) => number = (h) => h.heapUsed): number[] =>
      heaps
        .filter((h) => h.atMs * TIME_SCALE >= index * HOUR_MS && h.atMs * TIME_SCALE < (index + 1) * HOUR_MS)
        .map(pick);
    const heapFirst = median(heapIn(1));
    const heapLast = median(heapIn(SCENARIO_HOURS - 1));
    // Where the resident memory is: the heap V8 has committed, and everything outside it (native buffers,
    // the allocator's own growth), first scenario hour against the last.
    const committed = (index: number) => median(heapIn(index, (h) => h.heapTotal));
    const outside = (index: number) => median(heapIn(index, (h) => h.rss - h.heapTotal));
    const perClosure = (heapLast - heapFirst) / Math.max(1, summary.closures.length);
    const growth = last - first;
    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const text = [
      `live-run memory: ${CHANNELS} channels, ${SCENARIO_HOURS} h of scenario time at ${TIME_SCALE}x, ${summary.closures.length} closures`,
      `  RSS, median of the first scenario hour ${mb(first)}, of the last ${mb(last)}: ${growth >= 0 ? '+' : ''}${mb(growth)}` +
        `  bar +5 MB: ${growth <= BAR_BYTES ? 'met' : 'NOT MET'}`,
      `  peak ${mb(Math.max(...samples.map((s) => s.rss)))} over ${samples.length} samples`,
      `  heap after a full collection, hour 2 ${mb(heapFirst)}, last hour ${mb(heapLast)}: ` +
        `about ${(perClosure / 1024).toFixed(2)} KB more per closure (the rows kept for the summary)`,
      `  heap committed ${mb(committed(0))} -> ${mb(committed(SCENARIO_HOURS - 1))}; ` +
        `resident outside the heap ${mb(outside(0))} -> ${mb(outside(SCENARIO_HOURS - 1))} (first and last scenario hour)`,
    ].join('\n');
    const figure = `${growth >= 0 ? '+' : ''}${mb(growth)} (${summary.closures.length} closures)`;
    return { text, verdicts: [verdict('RSS last hour - first <= +5 MB', figure, growth <= BAR_BYTES)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

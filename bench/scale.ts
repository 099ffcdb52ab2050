import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as pause } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import { REPORT_FORMATS, renderSummary } from '../src/report/render-summary.js';
import { scaleEvents } from '../test/support/scale-events.js';
import { type BenchResult, type Verdict, verdict } from './verdict.js';

/**
 * Does the report scale with its rows? The same generated soak (test/support/scale-events.ts: closures on
 * 20 reconnecting channels, as many connections that never close) at N and 10 N, through the analyzer and
 * every renderer, timing each stage. Linear or n log n work takes about 10x as long for 10x the input; the
 * bar is 12x. Each size runs three times, alternating, and each stage's median counts (the first run warms
 * the JIT); a full collection before each stage keeps one stage's garbage off the next one's clock.
 *
 * The bar is held to the time outside the garbage collector, which is printed beside it: at 200,000 rows
 * the heap holds half a gigabyte of them, every full collection walks all of it, and a stage that
 * allocates much (the JSON is 340 MB of text) pays for that in pauses that grow faster than the rows,
 * whatever its own loops do.
 */
const SMALL = 20_000;
const LARGE = 10 * SMALL;
const CHANNELS = 20;
const BAR = 12;
const ROUNDS = 3;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Timing {
  ms: number;
  gcMs: number;
}

type Timings = Map<string, Timing>;

/** Every garbage-collection pause, as the runtime reports them (a little after they happen). */
const pauses: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push(entry);
});

async function measure(size: number): Promise<Timings> {
  const spans: Array<{ stage: string; from: number; to: number }> = [];
  const time = <T>(stage: string, work: () => T): T => {
    gc();
    const from = performance.now();
    const result = work();
    spans.push({ stage, from, to: performance.now() });
    return result;
  };
  pauses.length = 0;
  const analyzer = time('analyze', () => {
    const fed = new ClosureAnalyzer();
    for (const event of scaleEvents({ closures: size, neverClosed: size, channels: CHANNELS })) fed.push(event);
    return fed;
  });
  const summary = time('finish', () => analyzer.finish());
  for (const format of REPORT_FORMATS) time(`render ${format}`, () => renderSummary(summary, format, { color: false }));
  // The pauses' entries arrive after the work that caused them.
  await pause(50);
  const timings: Timings = new Map();
  for (const { stage, from, to } of spans) {
    const gcMs = pauses
      .filter((entry) => entry.startTime >= from && entry.startTime < to)
      .reduce((sum, entry) => sum + entry.duration, 0);
    timings.set(stage, { ms: to - from, gcMs });
  }
  const all = [...timings.values()];
  timings.set('total', {
    ms: all.reduce((sum, t) => sum + t.ms, 0),
    gcMs: all.reduce((sum, t) => sum + t.gcMs, 0),
  });
  return timings;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchScale(): Promise<BenchResult> {
  observer.observe({ entryTypes: ['gc'] });
  const smalls: Timings[] = [];
  const larges: Timings[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      smalls.push(await measure(SMALL));
      larges.push(await measure(LARGE));
    }
  } finally {
    observer.disconnect();
  }
  const lines = [
    `report scale: ${SMALL.toLocaleString('en')} closures + ${SMALL.toLocaleString('en')} never closed against ` +
      `${LARGE.toLocaleString('en')} + ${LARGE.toLocaleString('en')} (10x); bar ${BAR}x on the time outside the collector`,
  ];
  const of = (runs: Timings[], stage: string, pick: (t: Timing) => number) =>
    median(runs.map((timings) => pick(timings.get(stage) ?? { ms: Number.NaN, gcMs: Number.NaN })));
  const verdicts: Verdict[] = [];
  for (const stage of larges[0]?.keys() ?? []) {
    const small = { ms: of(smalls, stage, (t) => t.ms), own: of(smalls, stage, (t) => t.ms - t.gcMs) };
    const large = { ms: of(larges, stage, (t) => t.ms), own: of(larges, stage, (t) => t.ms - t.gcMs) };
    // A floor of 5 ms keeps a stage too quick to time from turning noise into a huge ratio.
    const ratio = (a: number, b: number) => b / Math.max(a, 5);
    const own = ratio(small.own, large.own);
    verdicts.push(verdict(`${stage}: 10x in <= ${BAR}x (outside GC)`, `${own.toFixed(1)}x`, own <= BAR));
    lines.push(
      `  ${stage.padEnd(16)} ${small.ms.toFixed(0).padStart(6)} ms -> ${large.ms.toFixed(0).padStart(7)} ms ` +
        `(${ratio(small.ms, large.ms).toFixed(1)}x); outside the collector ${small.own.toFixed(0)} -> ` +
        `${large.own.toFixed(0)} ms: ${own.toFixed(1)}x  ${own <= BAR ? 'met' : 'NOT MET'}`,
    );
  }
  return { text: lines.join('\n'), verdicts };
}

import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../src/events/types.js';
import { readEventLog } from '../src/log/read-log.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * Does the analysis stay flat as the log grows? Runs 10k and 1M synthetic events through the analyzer
 * (and, separately, through the log reader as NDJSON text), forcing a GC at ten checkpoints and keeping
 * the peak heap above the baseline. Flat means the 1M run's peak is close to the 10k run's, not 100x it.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CHANNELS = 8;
/** Each connection closes after this many of its own heartbeats, so 1M events make ~200 rows, not 200k. */
const BEATS_PER_CONNECTION = 5_000;
const START_WALL = Date.UTC(2026, 0, 1);

/** A run on eight channels, heartbeats round-robin, an idle-timeout close and reopen every 5,000 beats. */
function* syntheticRun(count: number): Generator<ProbeEvent> {
  const beats = new Array<number>(CHANNELS).fill(0);
  const conns = new Array<number>(CHANNELS).fill(1);
  let mono = 0;
  const stamp = () => ({ time: new Date(START_WALL + mono).toISOString(), mono });
  yield { event: 'run-start', version: 'bench', options: {}, timeScale: 1, target: 'bench', ...stamp() };
  for (let c = 0; c < CHANNELS; c += 1) yield { event: 'open', channel: `streaming-0-bench${c}`, conn: 1, ...stamp() };
  for (let n = CHANNELS + 1; n < count; n += 1) {
    const c = n % CHANNELS;
    const channel = `streaming-0-bench${c}`;
    mono += 30_000 / CHANNELS;
    beats[c] = (beats[c] ?? 0) + 1;
    if ((beats[c] ?? 0) % BEATS_PER_CONNECTION === 0) {
      yield {
        event: 'close',
        channel,
        conn: conns[c] ?? 1,
        code: 1001,
        reason: 'idle timeout',
        clean: true,
        by: 'server',
        ...stamp(),
      };
      conns[c] = (conns[c] ?? 1) + 1;
      yield { event: 'open', channel, conn: conns[c] ?? 1, ...stamp() };
      n += 1;
    } else {
      yield { event: 'heartbeat', channel, conn: conns[c] ?? 1, ...stamp() };
    }
  }
}

function* ndjsonLines(count: number): Generator<string> {
  for (const event of syntheticRun(count)) yield `${JSON.stringify({ level: 'info', ...event })}\n`;
}

interface Measure {
  events: number;
  peakOverBaselineBytes: number;
  rows: number;
}

/** Calls `step` for every event, sampling the heap after a GC at ten evenly spaced checkpoints. */
function sampler(count: number): { baseline: number; sample(seen: number): void; peak(): number } {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  const every = Math.max(1, Math.floor(count / 10));
  return {
    baseline,
    sample(seen) {
      if (seen % every !== 0) return;
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    },
    peak: () => peak,
  };
}

function measureAnalyzer(count: number): Measure {
  const heap = sampler(count);
  const analyzer = new ClosureAnalyzer();
  let seen = 0;
  for (const event of syntheticRun(count)) {
    analyzer.push(event);
    heap.sample(++seen);
  }
  const summary = analyzer.finish();
  return { events: seen, peakOverBaselineBytes: heap.peak(), rows: summary.closures.length };
}

async function measureReader(count: number): Promise<Measure> {
  const heap = sampler(count);
  const analyzer = new ClosureAnalyzer();
  let seen = 0;
  for await (const event of readEventLog(Readable.from(ndjsonLines(count)), 'bench.ndjson')) {
    analyzer.push(event);
    heap.sample(++seen);
  }
  return { events: seen, peakOverBaselineBytes: heap.peak(), rows: analyzer.finish().closures.length };
}

// A floor of 64 KB keeps a near-zero small run from turning noise into a huge ratio.
const heapRatio = (small: Measure, large: Measure): number =>
  Math.max(large.peakOverBaselineBytes, 0) / Math.max(small.peakOverBaselineBytes, 65_536);

function describe(label: string, small: Measure, large: Measure): string {
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;
  const ratio = heapRatio(small, large);
  return [
    `${label}`,
    `  ${small.events.toLocaleString('en')} events: peak heap above baseline ${mb(small.peakOverBaselineBytes)}, ${small.rows} closure rows`,
    `  ${large.events.toLocaleString('en')} events: peak heap above baseline ${mb(large.peakOverBaselineBytes)}, ${large.rows} closure rows`,
    `  heap ratio 1M / 10k: ${ratio.toFixed(2)}x (events ratio ${(large.events / small.events).toFixed(0)}x)`,
  ].join('\n');
}

export async function benchAnalysisMemory(): Promise<BenchResult> {
  const analyzerSmall = measureAnalyzer(10_000);
  const analyzerLarge = measureAnalyzer(1_000_000);
  const readerSmall = await measureReader(10_000);
  const readerLarge = await measureReader(1_000_000);
  const text = [
    describe('analysis memory: ClosureAnalyzer.push over synthetic events', analyzerSmall, analyzerLarge),
    describe('analysis memory: readEventLog + analyzer over NDJSON text', readerSmall, readerLarge),
  ].join('\n');
  return {
    text,
    verdicts: [
      verdict(
        'none (heap 1M / 10k events)',
        `analyzer ${heapRatio(analyzerSmall, analyzerLarge).toFixed(1)}x, reader ${heapRatio(readerSmall, readerLarge).toFixed(1)}x`,
        null,
      ),
    ],
  };
}

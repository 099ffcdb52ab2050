import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import { scaleEvents } from '../test/support/scale-events.js';
import { median } from './child-run.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * The analysis of a run that leaves 200,000 connections open (a soak across a fleet, a killed probe), with
 * 1,000 closures on reconnecting channels after them: against 20,000 left open, the time of the analysis
 * and its summary must grow like the input (bar: 10x the connections in at most 12x the time). Each open
 * must not look at every connection already open, nor each closure at every one still open.
 */
const SMALL = 20_000;
const LARGE = 10 * SMALL;
const CLOSURES = 1_000;
const BAR = 12;
const ROUNDS = 3;

function analyzeMs(neverClosed: number): number {
  const started = performance.now();
  const analyzer = new ClosureAnalyzer();
  for (const event of scaleEvents({ closures: CLOSURES, neverClosed, channels: 20 })) analyzer.push(event);
  analyzer.finish();
  return performance.now() - started;
}

export async function benchNeverClosed(): Promise<BenchResult> {
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < ROUNDS; round += 1) {
    times[0].push(analyzeMs(SMALL));
    times[1].push(analyzeMs(LARGE));
  }
  const [a, b] = [median(times[0]), median(times[1])];
  const ratio = b / Math.max(a, 5);
  const text = [
    `never-closed connections: analysis of ${SMALL.toLocaleString('en')} against ${LARGE.toLocaleString('en')} left open (+${CLOSURES.toLocaleString('en')} closures), median of ${ROUNDS}`,
    `  ${a.toFixed(0)} ms -> ${b.toFixed(0)} ms: ${ratio.toFixed(1)}x  bar ${BAR}x: ${ratio <= BAR ? 'met' : 'NOT MET'}`,
  ].join('\n');
  return { text, verdicts: [verdict(`10x left open in <= ${BAR}x the time`, `${ratio.toFixed(1)}x`, ratio <= BAR)] };
}

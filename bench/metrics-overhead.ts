import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../src/events/types.js';
import { createMetricsRegistry } from '../src/metrics/metrics-registry.js';
import { RunMetrics } from '../src/metrics/run-metrics.js';
import { scaleEvents } from '../test/support/scale-events.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * What `--metrics` adds to the live path: the streaming analysis alone against the analysis followed by
 * the metrics, on the same soak-shaped events in the same run (a closure's count looks its row up in the
 * analysis and classifies it), and what one scrape costs once those closures are counted. Printed as
 * ratios and per-event figures measured side by side, never against a fixed number.
 */
const SHAPE = { closures: 20_000, neverClosed: 2_000, channels: 40 };
const SCRAPES = 20;
const ROUNDS = 3;

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

export async function benchMetricsOverhead(): Promise<BenchResult> {
  const events: ProbeEvent[] = [...scaleEvents(SHAPE)];
  let made = createMetricsRegistry();
  try {
    // Each path three times, alternating, the fastest of each kept: a shared machine's noise only slows.
    let alone = Number.POSITIVE_INFINITY;
    let withMetrics = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round += 1) {
      alone = Math.min(
        alone,
        timed(() => {
          const analyzer = new ClosureAnalyzer();
          for (const event of events) analyzer.push(event);
        }),
      );
      made.stop();
      made = createMetricsRegistry();
      const analyzer = new ClosureAnalyzer();
      const fed = new RunMetrics(made.registry, analyzer, () => events.at(-1)?.mono ?? 0);
      withMetrics = Math.min(
        withMetrics,
        timed(() => {
          for (const event of events) {
            analyzer.push(event);
            fed.observe(event);
          }
        }),
      );
    }
    const scrapeStarted = performance.now();
    let bytes = 0;
    for (let i = 0; i < SCRAPES; i += 1) bytes = (await made.registry.metrics()).length;
    const scrapeMs = (performance.now() - scrapeStarted) / SCRAPES;
    const perEvent = (ms: number): string => `${((ms * 1000) / events.length).toFixed(2)} µs/event`;
    const text = [
      `metrics on the live path over ${events.length.toLocaleString('en')} soak-shaped events (${SHAPE.closures.toLocaleString('en')} closures)`,
      `  analysis alone: ${perEvent(alone)}; analysis + metrics: ${perEvent(withMetrics)}; ratio ${(withMetrics / alone).toFixed(2)}x`,
      `  one scrape: ${scrapeMs.toFixed(2)} ms for ${bytes.toLocaleString('en')} bytes of text`,
    ].join('\n');
    return {
      text,
      verdicts: [verdict('none (analysis + metrics / alone)', `${(withMetrics / alone).toFixed(2)}x`, null)],
    };
  } finally {
    made.stop();
  }
}

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';
import { METRIC } from './metric-names.js';

/** The statistics of the delay exposed, as `stat` label values, and how each is read from the histogram. */
const STATS = {
  p50: (h: DelayHistogram) => h.percentile(50),
  p99: (h: DelayHistogram) => h.percentile(99),
  max: (h: DelayHistogram) => h.max,
} as const;

type DelayHistogram = ReturnType<typeof monitorEventLoopDelay>;

/** 10 ms: Node's default resolution; fine enough for the stalls that matter to a 30 s heartbeat. */
const RESOLUTION_MS = 10;

/**
 * The probe's own event-loop delay since the previous scrape, in real seconds: a loop stalled for seconds
 * delays frames and timers, so a closure during a stall may be the client's doing (the summary's
 * `client-stalled`). Measured by Node's own sampler (perf_hooks), which uses no JavaScript timer; the
 * window restarts at each scrape. Returns a function that stops the sampler.
 */
export function registerEventLoopDelay(registry: Registry): () => void {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const gauge: Gauge<'stat'> = new Gauge({
    name: METRIC.eventLoopDelay,
    help: "The probe's event-loop delay since the previous scrape, in real seconds: p50, p99 and max.",
    labelNames: ['stat'] as const,
    registers: [registry],
    collect: () => {
      for (const [stat, read] of Object.entries(STATS)) {
        // No sample yet (a scrape right after the last one) reads as 0, not as the histogram's empty max.
        gauge.set({ stat }, histogram.count === 0 ? 0 : read(histogram) / 1e9);
      }
      histogram.reset();
    },
  });
  return () => histogram.disable();
}

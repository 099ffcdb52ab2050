import { Gauge, type Registry } from 'prom-client';
import { nodeLoopDelaySampler } from '../probe/client-health.js';
import { METRIC } from './metric-names.js';

/**
 * The probe's own event-loop delay since the previous scrape, in real seconds: a loop stalled for seconds
 * delays frames and timers, so a closure during a stall may be the client's doing (the summary's
 * `client-stalled`). Measured by Node's own sampler (perf_hooks), which uses no JavaScript timer; the
 * window restarts at each scrape. Returns a function that stops the sampler.
 */
export function registerEventLoopDelay(registry: Registry): () => void {
  // The same sampler, and the same reading of it, as the run's `health` events: the two never disagree.
  const sampler = nodeLoopDelaySampler();
  const gauge: Gauge<'stat'> = new Gauge({
    name: METRIC.eventLoopDelay,
    help: "The probe's event-loop delay since the previous scrape, in real seconds: p50, p99 and max.",
    labelNames: ['stat'] as const,
    registers: [registry],
    collect: () => {
      // No sample yet (a scrape right after the last one) reads as 0.
      for (const [stat, ms] of Object.entries(sampler.read())) gauge.set({ stat }, ms / 1000);
      sampler.reset();
    },
  });
  return () => sampler.stop();
}

import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerEventLoopDelay } from './event-loop-delay.js';

/**
 * The registry a run serves: prom-client's standard process and Node.js metrics (memory, CPU, file
 * descriptors, its own `nodejs_eventloop_lag_*`), idleprobe's event-loop delay, and, once the run's events
 * flow, the run's own (run-metrics.ts). `stop` ends the event-loop sampler.
 */
export function createMetricsRegistry(): { registry: Registry; stop(): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const stop = registerEventLoopDelay(registry);
  return { registry, stop };
}

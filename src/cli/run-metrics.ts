import { compactDuration } from '../clock/time-text.js';
import type { EventBus } from '../events/bus.js';
import { createMetricsRegistry } from '../metrics/metrics-registry.js';
import { startMetricsServer } from '../metrics/metrics-server.js';
import { type LiveClosures, RunMetrics } from '../metrics/run-metrics.js';
import type { CliIo } from './cli-io.js';
import type { MetricsPlan } from './metrics-option.js';

export interface RunMetricsEndpoint {
  /** Subscribes the metrics to the run's bus, after its analysis (RunSessionOptions.observe). */
  observe(bus: EventBus, analysis: LiveClosures): void;
  /** After the run: serves on until one more scrape has taken the final figures, at most `--metrics-linger`. */
  linger(): Promise<void>;
  /** Ctrl-C while lingering: stop waiting for the scrape. */
  stopLingering(): void;
  close(): Promise<void>;
}

/**
 * `--metrics`: binds the endpoint before the run starts (a port in use is an error then, not an hour into
 * a soak) and says on stderr where it is.
 */
export async function startRunMetrics(plan: MetricsPlan, io: CliIo): Promise<RunMetricsEndpoint> {
  const { registry, stop } = createMetricsRegistry();
  const server = await startMetricsServer(registry, plan, io.clock).catch((error: unknown) => {
    stop();
    throw error;
  });
  io.stderr.write(`Metrics: ${server.url} (Prometheus text format, while the run lasts)\n`);
  let lingering = true;
  let cut: (() => void) | null = null;
  return {
    observe(bus, analysis) {
      const metrics = new RunMetrics(registry, analysis, () => bus.elapsed());
      bus.subscribe((event) => metrics.observe(event));
    },
    async linger() {
      if (plan.lingerMs === 0 || !lingering) return;
      io.stderr.write(
        `idleprobe: the run is over; serving its final metrics until the next scrape (at most ${compactDuration(plan.lingerMs)}).\n`,
      );
      const waitMs = plan.lingerMs;
      await new Promise<void>((resolve) => {
        cut = resolve;
        void server.nextScrape(waitMs).then(() => resolve());
      });
    },
    stopLingering() {
      lingering = false;
      cut?.();
    },
    async close() {
      await server.close();
      stop();
    },
  };
}

import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Timer } from '../clock/clock.js';
import { round } from '../clock/round.js';
import type { ScenarioTime } from '../clock/scenario-time.js';
import type { EventBus } from '../events/bus.js';

/** Event-loop delay over a window, in milliseconds. The real one is Node's histogram. */
export interface LoopDelaySampler {
  read(): { p50: number; p99: number; max: number };
  reset(): void;
  stop(): void;
}

/** How often Node's histogram samples the loop: finer would wake an idle probe more often than it needs. */
const SAMPLE_EVERY_MS = 10;

/**
 * Node's histogram records the whole span between two of its samples, the sampling interval included, so
 * an idle loop reads 10 ms at its median: the interval is taken off, leaving how late the loop was.
 */
export function nodeLoopDelaySampler(): LoopDelaySampler {
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_EVERY_MS });
  histogram.enable();
  return loopDelaySamplerOf(histogram, SAMPLE_EVERY_MS);
}

/** What Node's loop-delay histogram (`monitorEventLoopDelay`) offers the sampler. */
export type DelayHistogram = Pick<IntervalHistogram, 'percentile' | 'max' | 'count' | 'reset' | 'disable'>;

/** The sampler over such a histogram sampling every `intervalMs`: its readings less the interval, in ms. */
export function loopDelaySamplerOf(histogram: DelayHistogram, intervalMs: number): LoopDelaySampler {
  // An empty histogram (no sample since the last reset) reads as on time, not as its empty extremes.
  const late = (ns: number): number =>
    histogram.count === 0 ? 0 : Math.max(0, Math.round((ns / 1e6 - intervalMs) * 100) / 100);
  return {
    read: () => ({
      p50: late(histogram.percentile(50)),
      p99: late(histogram.percentile(99)),
      max: late(histogram.max),
    }),
    reset: () => histogram.reset(),
    stop: () => histogram.disable(),
  };
}

/** A difference between wall and monotonic progress larger than this is a jump, not timer jitter. */
const JUMP_THRESHOLD_MS = 1_000;

/**
 * Watches the client itself, so a stalled or sleeping machine is never reported as a network gap
 * (closure-causes.md, "the client's own health"): once a window it logs the event-loop delay, and it
 * logs a `clock-jump` whenever wall time moved differently from monotonic time. `windowMs` is scenario
 * time; what is logged is real.
 */
export function watchClientHealth(options: {
  bus: EventBus;
  time: ScenarioTime;
  windowMs: number;
  sampler: LoopDelaySampler;
}): { stop(): void } {
  const { bus, time, windowMs, sampler } = options;
  const { clock } = time;
  let lastWall = clock.wallNow();
  let lastMono = clock.monoNow();
  let timer: Timer | null = null;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const wall = clock.wallNow();
    const mono = clock.monoNow();
    const wallDeltaMs = wall - lastWall;
    const monoDeltaMs = mono - lastMono;
    if (Math.abs(wallDeltaMs - monoDeltaMs) > JUMP_THRESHOLD_MS) {
      bus.publish({
        event: 'clock-jump',
        wallDeltaMs: round(wallDeltaMs, 3),
        monoDeltaMs: round(monoDeltaMs, 3),
        jumpMs: round(wallDeltaMs - monoDeltaMs, 3),
      });
    }
    const delay = sampler.read();
    bus.publish({
      event: 'health',
      windowMs: round(monoDeltaMs, 3),
      loopDelayP50Ms: delay.p50,
      loopDelayP99Ms: delay.p99,
      loopDelayMaxMs: delay.max,
    });
    sampler.reset();
    lastWall = wall;
    lastMono = mono;
    timer = time.after(windowMs, tick, 'health');
  };
  timer = time.after(windowMs, tick, 'health');
  return {
    stop() {
      stopped = true;
      timer?.cancel();
      sampler.stop();
    },
  };
}

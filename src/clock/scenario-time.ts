import type { Clock, Timer } from './clock.js';

/**
 * The probe's timers, in scenario time. Under `--time-scale N` the simulated service runs N times faster,
 * so every interval the probe keeps (keepalive, watchdog, backoff, duration, health window, token renewal,
 * the idle-token warning) is divided by N here and nowhere else, and `--ping 30s` means the same at any
 * scale. Timestamps stay real: the log is written in real time and the analysis multiplies durations by the
 * `timeScale` recorded in `run-start`, so `clock` is the real clock underneath.
 */
export class ScenarioTime {
  constructor(
    readonly clock: Clock,
    readonly timeScale: number,
  ) {}

  /**
   * Real milliseconds for a span of scenario time, never below `floorRealMs`: some waits are set by the
   * machine and the network rather than by the scenario (a handshake takes as long as it takes at any scale).
   */
  toRealMs(scenarioMs: number, floorRealMs = 0): number {
    return Math.max(floorRealMs, scenarioMs / this.timeScale);
  }

  /** Runs `fn` once, `scenarioMs` of scenario time from now (and no sooner than `floorRealMs` real ms). */
  after(scenarioMs: number, fn: () => void, floorRealMs = 0): Timer {
    return this.clock.setTimer(this.toRealMs(scenarioMs, floorRealMs), fn);
  }
}

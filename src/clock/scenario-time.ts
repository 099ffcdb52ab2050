import type { Clock, Timer } from './clock.js';

/**
 * How late a timer or a socket callback may run on a busy machine (both cores busy, a garbage collection):
 * the finest a run can time anything, in real milliseconds. At time scale N it blurs every scenario
 * duration by N times this, which bounds the scale at which causes can still be told apart
 * (src/protocol/timing.ts, MAX_TIME_SCALE).
 */
export const TIMING_RESOLUTION_REAL_MS = 25;

/**
 * What a wait of the probe is for. A `scenario` wait follows the scenario at any scale (a keepalive, the
 * run's duration); the others are set by the real network and machine as much as by the scenario, and
 * never get shorter than their floor however fast the scenario runs.
 */
export type WaitKind = 'scenario' | 'handshake' | 'watchdog' | 'backoff' | 'health';

/** Each kind of wait's floor in real milliseconds: the one place they are set. */
export const REAL_FLOOR_MS: Readonly<Record<WaitKind, number>> = {
  scenario: 0,
  /** DNS, TCP, a proxy's CONNECT and a TLS handshake over a real network take what they take. */
  handshake: 10_000,
  /**
   * A frame of a healthy connection can be held up by one TCP retransmission (Linux waits at least 200 ms)
   * on top of a busy machine: a watchdog shorter than that ends connections that are fine.
   */
  watchdog: 250,
  /** A refused reconnect must never turn into a tight loop, however fast the scenario runs. */
  backoff: 10,
  /** A client-health window shorter than a second measures mostly jitter. */
  health: 1_000,
};

/**
 * The probe's timers, in scenario time. Under `--time-scale N` the simulated service runs N times faster,
 * so every interval the probe keeps (keepalive, watchdog, backoff, duration, health window, token renewal,
 * the idle-token warning) is divided by N here and nowhere else, and `--ping 30s` means the same at any
 * scale; waits the network and the machine set too keep their floor (REAL_FLOOR_MS). Timestamps stay
 * real: the log is written in real time and the analysis multiplies durations by the `timeScale` recorded
 * in `run-start`, so `clock` is the real clock underneath.
 */
export class ScenarioTime {
  constructor(
    readonly clock: Clock,
    readonly timeScale: number,
  ) {}

  /** Real milliseconds for a span of scenario time, never below the floor of its kind of wait. */
  toRealMs(scenarioMs: number, kind: WaitKind = 'scenario'): number {
    return Math.max(REAL_FLOOR_MS[kind], scenarioMs / this.timeScale);
  }

  /** Runs `fn` once, `scenarioMs` of scenario time from now (and no sooner than its kind's floor). */
  after(scenarioMs: number, fn: () => void, kind: WaitKind = 'scenario'): Timer {
    return this.clock.setTimer(this.toRealMs(scenarioMs, kind), fn);
  }
}

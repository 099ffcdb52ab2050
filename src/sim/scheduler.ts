import type { Clock, Timer } from '../clock/clock.js';

/**
 * The only place in the simulator that holds timers. Every delay it is given is scenario time and is
 * divided by the time scale, so a 15-minute idle timer takes 15 s at a scale of 60. Timers are grouped
 * (one group per socket) so that closing a socket or the whole simulator cancels everything it started,
 * and a test process can exit the moment `close()` resolves.
 */
export class SimScheduler {
  private readonly groups = new Set<TimerGroup>();

  constructor(
    readonly clock: Clock,
    readonly timeScale: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Real milliseconds for a scenario duration. */
  toRealMs(scenarioMs: number): number {
    return scenarioMs / this.timeScale;
  }

  group(): TimerGroup {
    const group = new TimerGroup(this, () => this.groups.delete(group));
    this.groups.add(group);
    return group;
  }

  cancelAll(): void {
    for (const group of [...this.groups]) group.cancelAll();
    this.groups.clear();
  }

  /** Runs a callback, reporting instead of throwing: one faulty timer must not take the server down. */
  run(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.onError(error);
    }
  }
}

export class TimerGroup {
  private readonly timers = new Set<Timer>();
  private cancelled = false;

  constructor(
    private readonly scheduler: SimScheduler,
    private readonly onCancelled: () => void,
  ) {}

  get timeScale(): number {
    return this.scheduler.timeScale;
  }

  /** Runs `fn` once, `scenarioMs` of scenario time from now. */
  after(scenarioMs: number, fn: () => void): Timer {
    return this.afterReal(this.scheduler.toRealMs(scenarioMs), fn);
  }

  private afterReal(realMs: number, fn: () => void): Timer {
    if (this.cancelled) return { cancel: () => {} };
    const timer: Timer = this.scheduler.clock.setTimer(Math.max(0, realMs), () => {
      this.timers.delete(handle);
      this.scheduler.run(fn);
    });
    const handle: Timer = {
      cancel: () => {
        timer.cancel();
        this.timers.delete(handle);
      },
    };
    this.timers.add(handle);
    return handle;
  }

  /**
   * Runs `fn` every `scenarioMs` of scenario time, the first time one interval from now. Each run is
   * due at start + n x interval rather than one interval after the previous run fired, so timer lateness
   * does not add up: at 10,000x a 30 s heartbeat is 3 ms, and a millisecond lost per beat would drop a
   * quarter of a day's 2,880 heartbeats. A run that comes late is still made, right away.
   */
  every(scenarioMs: number, fn: () => void): Timer {
    const clock = this.scheduler.clock;
    const intervalMs = this.scheduler.toRealMs(scenarioMs);
    let due = clock.monoNow() + intervalMs;
    let current: Timer | undefined;
    let stopped = false;
    const arm = (): void => {
      current = this.afterReal(due - clock.monoNow(), () => {
        if (stopped) return;
        due += intervalMs;
        arm();
        fn();
      });
    };
    arm();
    return {
      cancel: () => {
        stopped = true;
        current?.cancel();
      },
    };
  }

  cancelAll(): void {
    this.cancelled = true;
    for (const timer of [...this.timers]) timer.cancel();
    this.timers.clear();
    this.onCancelled();
  }
}

import type { Clock, Timer } from '../clock/clock.js';

export interface Watchdog {
  /** Something arrived: the silence starts again from now. */
  feed(): void;
  stop(): void;
}

/**
 * Ends a connection that has gone silent, the pattern of the ws README's heartbeat recipe: a half-open
 * path never delivers a close, so only our own timer can notice it. One timer is kept and re-armed
 * lazily when it fires early, so feeding on every frame costs no timer churn.
 */
export function createWatchdog(options: {
  clock: Clock;
  timeoutMs: number;
  onExpire: (silentMs: number) => void;
}): Watchdog {
  const { clock, timeoutMs, onExpire } = options;
  let lastFed = clock.monoNow();
  let timer: Timer | null = null;
  let stopped = false;

  const arm = (ms: number): void => {
    timer = clock.setTimer(ms, () => {
      timer = null;
      if (stopped) return;
      const silent = clock.monoNow() - lastFed;
      if (silent >= timeoutMs) {
        stopped = true;
        onExpire(silent);
      } else {
        arm(timeoutMs - silent);
      }
    });
  };
  arm(timeoutMs);

  return {
    feed: () => {
      lastFed = clock.monoNow();
    },
    stop: () => {
      stopped = true;
      timer?.cancel();
      timer = null;
    },
  };
}

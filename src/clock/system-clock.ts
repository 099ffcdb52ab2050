import type { Clock, Timer } from './clock.js';
import { chainedTimer, type PlatformTimers } from './long-timer.js';

const nodeTimers: PlatformTimers = {
  set: (ms, fn) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The real clock: Date for wall time, performance.now() for monotonic time, Node's timers (chained past their
 * limit). The global `performance` loads perf_hooks on first use, not when the CLI starts: `--help` never reads it.
 */
export const systemClock: Clock = {
  wallNow: () => Date.now(),
  monoNow: () => performance.now(),
  setTimer(ms: number, fn: () => void): Timer {
    return chainedTimer(ms, fn, nodeTimers);
  },
};

import { performance } from 'node:perf_hooks';
import type { Clock, Timer } from './clock.js';

/** The real clock: Date for wall time, performance.now() for monotonic time, Node's timers. */
export const systemClock: Clock = {
  wallNow: () => Date.now(),
  monoNow: () => performance.now(),
  setTimer(ms: number, fn: () => void): Timer {
    const handle = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(handle) };
  },
};

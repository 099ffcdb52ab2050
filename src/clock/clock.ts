/**
 * Time is a parameter everywhere in idleprobe: every timer and every timestamp goes through a Clock, so
 * unit tests can drive time by hand and a probe run can be replayed exactly. Only this folder and the
 * simulator's scheduler may call the platform's timers.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock time, milliseconds since the Unix epoch. Can jump (NTP, a laptop waking up). */
  wallNow(): number;
  /** Monotonic milliseconds from an arbitrary origin. Never jumps; use it for every duration. */
  monoNow(): number;
  /** Runs `fn` once after `ms` milliseconds of monotonic time. */
  setTimer(ms: number, fn: () => void): Timer;
}

import type { Timer } from './clock.js';

/**
 * The longest delay Node's timers take: a longer one (or a non-number) is silently replaced by 1 ms, so
 * `--duration 30d` would end a run at once and a 30-day keepalive would fire a thousand times a second.
 */
export const MAX_PLATFORM_TIMER_MS = 2 ** 31 - 1;

/** The platform's one-shot timer, injected so the chaining can be tested without waiting 25 days. */
export interface PlatformTimers {
  set(ms: number, fn: () => void): unknown;
  clear(handle: unknown): void;
}

/**
 * A timer of any length on a platform whose timers stop at MAX_PLATFORM_TIMER_MS: a longer wait is a chain
 * of shorter ones, so every timer of idleprobe fires when it was asked to, whatever its source (a flag,
 * a Retry-After, a token's lifetime). NaN and negative delays mean now; an infinite one never fires.
 */
export function chainedTimer(ms: number, fn: () => void, platform: PlatformTimers): Timer {
  let remaining = Number.isNaN(ms) ? 0 : Math.max(0, ms);
  let handle: unknown;
  const step = (): void => {
    const wait = Math.min(remaining, MAX_PLATFORM_TIMER_MS);
    remaining -= wait;
    handle = platform.set(wait, remaining > 0 ? step : fn);
  };
  step();
  return { cancel: () => platform.clear(handle) };
}

import type { Clock } from '../clock/clock.js';

export interface RateLimit {
  /** Requests allowed per window, per token. */
  requests: number;
  /** The window, scenario time. */
  perMs: number;
}

/** Documented / observed: the Platform API allows about 300 requests a minute per token. */
export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 300, perMs: 60_000 };

export type RateDecision = { ok: true } | { ok: false; retryAfterRealMs: number };

/**
 * A sliding window of request times per token. The window is scenario time divided by the time scale,
 * like every interval of the simulator.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  private readonly windowMs: number;

  constructor(
    private readonly clock: Clock,
    readonly limit: RateLimit,
    timeScale: number,
  ) {
    this.windowMs = limit.perMs / timeScale;
  }

  take(key: string): RateDecision {
    const now = this.clock.monoNow();
    const times = (this.recent.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (times.length >= this.limit.requests) {
      this.recent.set(key, times);
      return { ok: false, retryAfterRealMs: (times[0] as number) + this.windowMs - now };
    }
    times.push(now);
    this.recent.set(key, times);
    return { ok: true };
  }
}

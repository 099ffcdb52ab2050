/**
 * The longest a `Retry-After` is obeyed, in scenario time. A service that means it comes back within
 * minutes; a longer figure (`Retry-After: 999999` is 11 days) would have the lane sleep in silence for
 * the rest of the run, so it is cut to this and the cut is logged and shown (`clamp`).
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** A `Retry-After` as the lane obeys it: at most MAX_RETRY_AFTER_MS; `clamped` when it was cut. */
export function cappedRetryAfter(retryAfterMs: number | null): { usedMs: number | null; clamped: boolean } {
  if (retryAfterMs === null || retryAfterMs <= MAX_RETRY_AFTER_MS) return { usedMs: retryAfterMs, clamped: false };
  return { usedMs: MAX_RETRY_AFTER_MS, clamped: true };
}

/**
 * Reconnect delays: exponential with "full jitter" (a random delay up to the exponential bound), capped,
 * so many probes closed by the same event do not reconnect in lockstep, and never a tight loop whatever
 * the server does. A `Retry-After` from the service is a floor (cut to MAX_RETRY_AFTER_MS).
 */
export function backoffDelay(
  attempt: number,
  policy: { initialMs: number; maxMs: number },
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  const bound = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half random: keeps a floor so even a lucky draw waits.
  const delay = bound / 2 + random() * (bound / 2);
  return Math.round(Math.max(delay, cappedRetryAfter(retryAfterMs).usedMs ?? 0));
}

/** A figure for the log: JSON has no Infinity, and a header of 400 digits reads as one. */
export function loggableMs(ms: number): number {
  return Number.isFinite(ms) ? ms : Number.MAX_VALUE;
}

/**
 * Reconnect delays: exponential with "full jitter" (a random delay up to the exponential bound), capped,
 * so many probes closed by the same event do not reconnect in lockstep, and never a tight loop whatever
 * the server does. A `Retry-After` from the service is a floor.
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
  return Math.round(Math.max(delay, retryAfterMs ?? 0));
}

import { formatDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';

/** A pasted token's quiet time against the org's idle token timeout (both scenario time; null: not known). */
export interface TokenQuiet {
  timeoutMs: number | null;
  quietMs: number;
}

/**
 * How close the token's quiet time must come to the org's idle timeout for a 401 to be that timeout: the
 * same minute the closure analysis allows a token's expiry (docs/causes.md).
 */
const IDLE_WINDOW_MS = 60_000;

/** The shortest idle token timeout an org can set (protocol.md: 5 min to 8 h). */
const SHORTEST_IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * Why the service refused a pasted token, which cannot be renewed, in words that send the person the right
 * way. A token that went as long without an API call as the org's idle token timeout idled out: fetching
 * a new one only starts the same count again, so the explanation is the finding, not "get a new token".
 */
export function pastedTokenRejected(quiet: TokenQuiet | null): IdleprobeError {
  const d = formatDuration;
  if (quiet && quiet.timeoutMs !== null && quiet.quietMs >= quiet.timeoutMs - IDLE_WINDOW_MS) {
    return new IdleprobeError(
      'IDLEPROBE_ERR_AUTH',
      `the token idled out under the org's idle token timeout (${d(quiet.timeoutMs)}): Genesys expires a user's token ` +
        `after that long without an API call, and this run's last one was ${d(quiet.quietMs)} ago. Heartbeats and ` +
        'socket traffic never reset that count, so any app that makes no REST call for as long loses its token, and ' +
        'a new token idles out the same way. It was not revoked: the org setting (GET /api/v2/tokens/timeout) is the answer, ' +
        'or an API call within the timeout.',
    );
  }
  // With the org's timeout unknown, a quiet long enough for its shortest setting may still be it.
  const maybeIdle =
    quiet && quiet.timeoutMs === null && quiet.quietMs >= SHORTEST_IDLE_TIMEOUT_MS - IDLE_WINDOW_MS
      ? ` Its last API call was ${d(quiet.quietMs)} ago: it may also have idled out under the org's idle token timeout, which heartbeats never reset.`
      : '';
  return new IdleprobeError(
    'IDLEPROBE_ERR_AUTH',
    `the token was rejected (expired or revoked) and a pasted token cannot be renewed: get a new one and run again.${maybeIdle}`,
  );
}

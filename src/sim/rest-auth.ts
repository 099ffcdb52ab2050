import type { IncomingMessage, ServerResponse } from 'node:http';
import { ownerKeyOf } from './channel-registry.js';
import { sendGenesysError } from './http-io.js';
import type { SimContext } from './sim-context.js';
import type { IssuedToken } from './token-store.js';

/**
 * The bearer token of a Platform API call, or a 401 already sent. Expired and revoked tokens get the same
 * 401 as unknown ones, as the real API does (documented: 401 for a bad or expired token). A token past
 * its rate limit gets 429 with Retry-After (documented).
 */
export function authenticate(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): IssuedToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) {
    sendGenesysError(
      response,
      401,
      'authentication.required',
      'No authentication bearer token specified in authorization header.',
    );
    return undefined;
  }
  const check = context.tokens.check(match[1] as string);
  if (!check.ok) {
    sendGenesysError(response, 401, 'bad.credentials', 'Invalid login credentials.');
    return undefined;
  }
  context.tokens.touch(check.token);
  const throttle = context.gates.throttled(ownerKeyOf(check.token));
  if (throttle) {
    sendGenesysError(
      response,
      throttle.status,
      throttle.status === 429 ? 'too.many.requests' : 'service.unavailable',
      throttle.status === 429
        ? 'Rate limit exceeded the maximum (throttled by the test bench).'
        : 'The service is unavailable (throttled by the test bench). Retry later.',
      { 'retry-after': String(throttle.retryAfter) },
    );
    return undefined;
  }
  if (context.rateLimiter) {
    const decision = context.rateLimiter.take(check.token.value);
    if (!decision.ok) {
      const { requests, perMs } = context.rateLimiter.limit;
      // Retry-After is in scenario seconds, like expires_in: a probe divides it by the time scale.
      const retryAfter = Math.max(1, Math.ceil((decision.retryAfterRealMs * context.scheduler.timeScale) / 1000));
      sendGenesysError(
        response,
        429,
        'too.many.requests',
        `Rate limit exceeded the maximum. [${requests}] requests for [${Math.round(perMs / 1000)}] seconds`,
        { 'retry-after': String(retryAfter) },
      );
      return undefined;
    }
  }
  return check.token;
}

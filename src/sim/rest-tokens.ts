import type { SimContext } from './sim-context.js';
import type { IssuedToken } from './token-store.js';

export const TOKENS_ME = '/api/v2/tokens/me';
export const TOKENS_TIMEOUT = '/api/v2/tokens/timeout';

/**
 * `GET /api/v2/tokens/me` (the SDKs' TokenInfo): `dateTokenIdles` says when the token expires if it makes
 * no further API call, when the org's idle token timeout is on and the token has a user. This call is
 * itself an API call, so the date is counted from now.
 */
export function tokenInfoJson(context: SimContext, token: IssuedToken): Record<string, unknown> {
  const organization = { id: 'a0d5b2f4-7c4e-4c8b-9a53-5f1c2d3e4f50', name: 'Simulated Org' };
  const remaining = context.tokens.idleRemainingRealMs(token);
  return {
    organization,
    homeOrganization: organization,
    authorizedScope: [],
    OAuthClient: { id: token.clientId, name: 'Simulated OAuth client', organization },
    ...(remaining === null ? {} : { dateTokenIdles: new Date(context.clock.wallNow() + remaining).toISOString() }),
  };
}

/** `GET /api/v2/tokens/timeout` (the SDKs' IdleTokenTimeout): the org setting, in seconds of scenario time. */
export function idleTimeoutJson(context: SimContext): Record<string, unknown> {
  const timeoutMs = context.tokens.idleTimeoutMs();
  return timeoutMs === null
    ? { idleTokenTimeoutSeconds: 0, enableIdleTokenTimeout: false }
    : { idleTokenTimeoutSeconds: Math.round(timeoutMs / 1000), enableIdleTokenTimeout: true };
}

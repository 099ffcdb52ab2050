import type { Dispatcher } from 'undici';
import type { Clock } from '../clock/clock.js';
import type { EventBus } from '../events/bus.js';
import { requestClientCredentialsToken } from '../genesys/oauth.js';
import type { ProbeAuth } from './config.js';

/**
 * Gets the token the run will use and logs that it did (never the token itself). A client-credentials
 * reply says how long the token lives; a pasted token does not, so its expiry stays unknown.
 */
export async function obtainToken(
  auth: ProbeAuth,
  context: { loginBase: string; dispatcher?: Dispatcher; bus: EventBus; clock: Clock; timeScale: number; onSecret: (secret: string) => void },
): Promise<string> {
  const { bus, clock, timeScale, onSecret } = context;
  if (auth.kind === 'token') {
    onSecret(auth.token);
    bus.publish({ event: 'token', grant: 'provided', expiresAt: null, expiresInMs: null });
    return auth.token;
  }
  const grant = await requestClientCredentialsToken({
    loginBase: context.loginBase,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    ...(context.dispatcher ? { dispatcher: context.dispatcher } : {}),
  });
  onSecret(grant.accessToken);
  // expires_in is the service's own figure (scenario time under a simulator); expiresAt is when, on the wall.
  const expiresAt = grant.expiresInMs === null ? null : new Date(clock.wallNow() + grant.expiresInMs / timeScale).toISOString();
  bus.publish({ event: 'token', grant: 'client_credentials', expiresAt, expiresInMs: grant.expiresInMs });
  return grant.accessToken;
}

/**
 * How the simulated service ends a socket when the channel under it goes away. Genesys publishes no close
 * codes (protocol.md: unknown), so each of these is an assumption, named here once so docs/scenarios.md
 * and the tests can point at it. 1001 "going away" is what a server sends when the endpoint disappears.
 */
export interface ServiceClose {
  code: number;
  reason: string;
}

/** The channel was removed to make room for a 21st (documented eviction; code assumed). */
export const CLOSE_CHANNEL_EVICTED: ServiceClose = { code: 1001, reason: 'channel evicted' };
/** The channel reached the end of its 24 h life (documented lifetime; code assumed). */
export const CLOSE_CHANNEL_EXPIRED: ServiceClose = { code: 1001, reason: 'channel expired' };
/** Another socket connected to the same channel (documented: it disconnects the first; code assumed). */
export const CLOSE_REPLACED: ServiceClose = { code: 1001, reason: 'another connection replaced this one' };
/** Service maintenance, the close after `socket_closing` (code assumed, as in the built-in scenario). */
export const CLOSE_MAINTENANCE: ServiceClose = { code: 1001, reason: 'service maintenance' };
/** Documented: `socket_closing` comes about one minute before the close. */
export const MAINTENANCE_WARNING_LEAD_MS = 60_000;
/** The token that created the channel was revoked or expired (code assumed). */
export const CLOSE_TOKEN_GONE: ServiceClose = { code: 1001, reason: 'token expired or revoked' };

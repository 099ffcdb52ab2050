import { HEARTBEAT_INTERVAL_MS } from '../protocol/timing.js';

/**
 * The bounds the card grades against, stated once so the evidence and docs/test-bench.md say the same.
 */

/**
 * A half-open socket must be noticed (closed or replaced) within this many heartbeat intervals of going
 * silent: a watchdog of two missed heartbeats plus the half interval a heartbeat may be late fits inside.
 */
export const HALF_OPEN_HEARTBEATS = 3;

/** A window with no socket delivering events passes when shorter than this many heartbeat intervals. */
export const EVENTS_LOST_HEARTBEATS = 3;

/**
 * Documented: socket_closing comes "about one minute" before the close. When the client closed the warned
 * socket itself, its reconnect counts as before the close when it came within this lead of the warning.
 */
export const SOCKET_CLOSING_LEAD_MS = 60_000;

/**
 * A new channel made this close to the previous one's expiry is a renewal, not a leak (Genesys: recreate or
 * resubscribe before the 24 h run out).
 */
export const RENEWAL_WINDOW_MS = 60 * 60_000;

/**
 * Retry-After is given in whole seconds and timers fire a little early or late: a request this share of
 * the wait early still counts as having waited.
 */
export const RETRY_AFTER_SLACK = 0.05;

export const DEFAULT_HEARTBEAT_INTERVAL_MS = HEARTBEAT_INTERVAL_MS;

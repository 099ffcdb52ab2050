import type { EventOf } from '../events/types.js';

/**
 * One connection as the analysis numbers it: the run of the report it belongs to (from 1, across every
 * log), the log it came from, and its channel and connection number. Its closure row carries the same.
 */
export interface ConnectionIdentity {
  run: number;
  source: string | null;
  channel: string;
  connection: number;
}

/** Events on one open connection besides its open, path and close: the frames and the watchdog. */
export type ConnectionFrame = EventOf<
  'heartbeat' | 'pong' | 'ping' | 'warning' | 'system' | 'notification' | 'frame' | 'watchdog'
>;

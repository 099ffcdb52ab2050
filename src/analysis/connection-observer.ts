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

/** Hears the frames of one connection, from its open to its close. */
export type FrameListener = (frame: ConnectionFrame) => void;

/**
 * Told about each connection the analysis follows, under the identity the analysis gave it, so that what
 * it collects (the SVG timeline) meets the connection's closure row without numbering runs a second time.
 */
export interface ConnectionObserver {
  /**
   * A connection opened at raw `openMono`, in a run whose durations are `timeScale` times raw ones.
   * Returns what should hear its frames until it closes, or null to leave it out.
   */
  opened(connection: ConnectionIdentity, openMono: number, timeScale: number): FrameListener | null;
}

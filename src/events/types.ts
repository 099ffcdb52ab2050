/**
 * The typed event model. Every observation a probe run makes becomes exactly one of these, stamped with
 * wall and monotonic time, published once on the bus, and written as one NDJSON line of the event log.
 * The analysis reads the same shapes back from a saved log, so this file is the log format's source of
 * truth (docs/log-format.md describes it for people).
 */

/** Who ended a connection. `probe` means the run itself closed it while stopping: not a closure to explain. */
export type ClosedBy = 'server' | 'network' | 'watchdog' | 'probe';

/** Why a run ended. */
export type RunEndReason = 'duration' | 'closures' | 'signal' | 'error';

export interface TopicResult {
  id: string;
  state: string;
  rejectionReason?: string;
}

export type ProbeEventBody =
  | {
      event: 'run-start';
      version: string;
      /** The options the run was started with, secrets removed. */
      options: Record<string, unknown>;
      /** Every interval of the simulated service runs this many times faster; 1 against a real service. */
      timeScale: number;
      target: string;
    }
  | {
      event: 'token';
      grant: 'client_credentials' | 'provided';
      /** When the token expires, where known (client-credentials replies say; a pasted token does not). */
      expiresAt: string | null;
      expiresInMs: number | null;
    }
  | { event: 'user'; user: string }
  | { event: 'channel'; channel: string; expires: string; connectUri: string }
  | { event: 'subscribe'; channel: string; topics: TopicResult[] }
  | { event: 'connecting'; channel: string; conn: number }
  | { event: 'open'; channel: string; conn: number }
  | { event: 'heartbeat'; channel: string; conn: number }
  | { event: 'pong'; channel: string; conn: number; rttMs: number | null }
  | { event: 'ping'; channel: string; conn: number; payload: string }
  | { event: 'warning'; channel: string; conn: number; topic: string; body: unknown }
  | { event: 'system'; channel: string; conn: number; topic: string; body: unknown }
  | { event: 'notification'; channel: string; conn: number; topic: string; bytes: number }
  | {
      /** A frame that is none of the above: not JSON, binary, or a shape the protocol does not describe. */
      event: 'frame';
      channel: string;
      conn: number;
      kind: 'text' | 'binary' | 'control';
      bytes: number;
      note: string;
    }
  | {
      event: 'close';
      channel: string;
      conn: number;
      /** The close code: from the close frame, or 1006 when the connection died without one. */
      code: number;
      reason: string;
      /** True only when a close frame arrived (RFC 6455 "clean"). */
      clean: boolean;
      by: ClosedBy;
      /** The socket error behind an unclean close, such as ECONNRESET. */
      error?: string;
    }
  | { event: 'watchdog'; channel: string; conn: number; silentMs: number; limitMs: number }
  | {
      event: 'reconnect';
      channel: string;
      /** The connection that will be opened next. */
      conn: number;
      attempt: number;
      delayMs: number;
      target: 'same' | 'new';
    }
  | { event: 'error'; code: string; message: string; channel?: string; conn?: number }
  | { event: 'run-end'; reason: RunEndReason; closures: number };

export type EventName = ProbeEventBody['event'];

export interface Stamp {
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  /** Milliseconds since the run started, from the monotonic clock. */
  mono: number;
}

export type ProbeEvent = ProbeEventBody & Stamp;

export type EventOf<N extends EventName> = Extract<ProbeEvent, { event: N }>;

export const EVENT_NAMES: readonly EventName[] = [
  'run-start', 'token', 'user', 'channel', 'subscribe', 'connecting', 'open', 'heartbeat', 'pong', 'ping',
  'warning', 'system', 'notification', 'frame', 'close', 'watchdog', 'reconnect', 'error', 'run-end',
];

import { EventEmitter } from 'node:events';
import type { Clock } from '../clock/clock.js';

/**
 * What a journal record is about. Socket kinds (`open` to `drop`) carry the connection's `socket` serial;
 * docs/test-bench.md ("The journal") lists every kind with its fields.
 */
export type SimRecordKind =
  | 'rest'
  | 'token'
  | 'channel-created'
  | 'subscriptions'
  | 'open'
  | 'refused'
  | 'heartbeat'
  | 'pong'
  | 'warning'
  | 'notification'
  | 'client-frame'
  | 'close'
  | 'drop'
  | 'expire'
  | 'evict'
  | 'token-revoked'
  | 'token-idle'
  | 'trigger';

/** What a client sent on its socket: the app ping, a subscribe message, an RFC 6455 ping or pong, anything else. */
export type ClientFrameKind = 'ping' | 'subscribe' | 'ws-ping' | 'ws-pong' | 'other';

/**
 * One thing a client did or the simulator did to it: for tests to compare against what the probe saw, for
 * the live view and the journal file, and for grading a client. One flat shape with optional fields, so a
 * reader can filter on any field without narrowing on the kind first.
 */
export type SimRecord = {
  /** clock.monoNow() when it happened (real monotonic ms). */
  at: number;
  /** Scenario ms since the simulator started: real ms times the time scale. */
  scenarioMs: number;
  kind: SimRecordKind;
  /** The channel id, '' when none. */
  channel: string;
  /**
   * Who: the OAuth client id of the token's subject, `clientId/userId` for a user's token; '' when unknown.
   * Never a token or a secret.
   */
  client: string;
  /** The WebSocket connection's serial number (1, 2, ...), on socket records. */
  socket?: number;
  code?: number;
  reason?: string;
  detail?: string;
  /** close: who sent the close frame or ended the socket. */
  by?: 'server' | 'client';
  /** rest: the call; `path` never carries the query. */
  method?: string;
  path?: string;
  /** rest and refused: the HTTP status answered. */
  status?: number;
  /** Seconds of scenario time the answer's Retry-After asked for. */
  retryAfter?: number;
  /** token: the grant it was issued for (`client_credentials`). */
  grant?: string;
  /** token, channel-created and subscriptions (when they extend the channel): scenario ms until it expires. */
  expiresInMs?: number;
  /** subscriptions: PUT, POST or DELETE over REST, or `socket` for a subscribe message. */
  how?: string;
  /** subscriptions: the channel's topic count afterwards. */
  topics?: number;
  /** client-frame: bytes of a data frame. */
  bytes?: number;
  /** trigger: the action, its options and what it did (in `detail`). */
  action?: string;
  options?: Record<string, unknown>;
};

export type SimRecordInput = Omit<SimRecord, 'at' | 'scenarioMs' | 'client'> & { client?: string };

/**
 * The simulator's record of its own actions. It emits 'record' for each one; a fault inside the
 * simulator (a timer or handler that threw) is emitted as 'fault' rather than 'error', so a test that
 * does not listen is not crashed by it. A record that names a channel but no client gets the client the
 * channel was created for, so every producer of socket records need not know who the channel belongs to.
 */
export class SimJournal extends EventEmitter {
  private readonly startedAt: number;
  /** Channel id -> client label, learned from `channel-created` (kept after the channel is gone). */
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly timeScale = 1,
  ) {
    super();
    this.startedAt = clock.monoNow();
  }

  /** Scenario ms since the simulator started. */
  scenarioNow(): number {
    return (this.clock.monoNow() - this.startedAt) * this.timeScale;
  }

  /** Whether a `channel-created` record named this channel id. */
  created(channel: string): boolean {
    return this.owners.has(channel);
  }

  record(input: SimRecordInput): SimRecord {
    const at = this.clock.monoNow();
    const { kind, channel, client: given, ...fields } = input;
    const client = given ?? this.owners.get(channel) ?? '';
    if (kind === 'channel-created' && channel !== '') this.owners.set(channel, client);
    // The common fields first, so a line of the journal file reads the same way whatever its kind.
    const record: SimRecord = {
      at,
      scenarioMs: (at - this.startedAt) * this.timeScale,
      kind,
      channel,
      client,
      ...fields,
    };
    this.emit('record', record);
    return record;
  }

  fault(error: unknown): void {
    this.emit('fault', error);
  }
}

/** The journal's name for whom a token speaks: never the token itself. */
export function clientLabel(subject: { clientId: string; userId: string | null }): string {
  return subject.userId === null ? subject.clientId : `${subject.clientId}/${subject.userId}`;
}

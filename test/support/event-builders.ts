import type { ClosedBy, PathFingerprint, ProbeEvent, ProbeEventBody, RunEndReason } from '../../src/events/types.js';

export const CHANNEL = 'streaming-0-fmtdmf8cdis7jh14udg5p89t6z';
export const OTHER_CHANNEL = 'streaming-0-a1b2c3d4e5f6g7h8i9j0k1l2m3';
const START_WALL = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * Writes a probe run as a test would narrate it: move the clock with `at`/`after`, then say what happened.
 * `time` follows `mono` from a fixed wall start, like a run whose clocks never jumped.
 */
export class EventScript {
  private mono = 0;
  private readonly events: ProbeEvent[] = [];

  constructor(private readonly wallStart = START_WALL) {}

  /** Sets the monotonic time (ms since run start) of the events that follow. */
  at(mono: number): this {
    this.mono = mono;
    return this;
  }

  /** Moves the monotonic time forward. */
  after(ms: number): this {
    this.mono += ms;
    return this;
  }

  push(body: ProbeEventBody): this {
    const time = new Date(this.wallStart + this.mono).toISOString();
    this.events.push({ ...body, time, mono: this.mono } as ProbeEvent);
    return this;
  }

  /** `options.scenario` names a scenario only when the run probed the built-in simulator in-process. */
  runStart(timeScale = 1, target = 'http://127.0.0.1:4000', options: Record<string, unknown> = {}): this {
    return this.push({ event: 'run-start', version: '0.1.0', options, timeScale, target });
  }

  runEnd(reason: RunEndReason = 'duration', closures = 0): this {
    return this.push({ event: 'run-end', reason, closures });
  }

  connecting(conn = 1, channel = CHANNEL, keepalive?: string, lane?: number): this {
    return this.push({
      event: 'connecting',
      channel,
      conn,
      ...(keepalive ? { keepalive } : {}),
      ...(lane === undefined ? {} : { lane }),
    });
  }

  /** A lane of the run began trying to keep a connection open. */
  laneStart(lane = 1, keepalive = 'none'): this {
    return this.push({ event: 'lane-start', lane, keepalive });
  }

  laneEnd(lane: number, reason: 'done' | 'failed', message?: string): this {
    return this.push({ event: 'lane-end', lane, reason, ...(message === undefined ? {} : { message }) });
  }

  /** A failed attempt of a lane to connect, and what it ran into. */
  attemptFailed(lane: number, cause: string, message = `failed: ${cause}`): this {
    return this.push({ event: 'error', code: 'IDLEPROBE_ERR_NETWORK', message, lane, cause });
  }

  open(conn = 1, channel = CHANNEL, keepalive?: string): this {
    return this.push({ event: 'open', channel, conn, ...(keepalive ? { keepalive } : {}) });
  }

  /** The probe created a channel (its 24 h life counts from here). */
  channel(channel = CHANNEL): this {
    return this.push({
      event: 'channel',
      channel,
      expires: '2026-01-02T12:00:00.000Z',
      connectUri: `wss://streaming.mypurecloud.ie/channels/${channel}`,
    });
  }

  /** A client-credentials token that expires `expiresInMs` (scenario time) from now. */
  token(expiresInMs: number | null = 86_400_000): this {
    return this.push({ event: 'token', grant: 'client_credentials', expiresAt: null, expiresInMs });
  }

  system(type: 'token_revoked' | 'no_longer_subscribed', conn = 1, channel = CHANNEL): this {
    return this.push({
      event: 'system',
      channel,
      conn,
      topic: `v2.system.${type}.${channel}`,
      body: { systemTopicType: type },
    });
  }

  /** The HEAD after a close: did the channel still exist? */
  channelCheck(exists: boolean, conn = 1, channel = CHANNEL): this {
    return this.push({ event: 'channel-check', channel, conn, exists });
  }

  reconnect(target: 'same' | 'new', conn = 2, channel = CHANNEL): this {
    return this.push({ event: 'reconnect', channel, conn, attempt: 1, delayMs: 0, target });
  }

  health(loopDelayMaxMs = 20, windowMs = 60_000): this {
    return this.push({ event: 'health', windowMs, loopDelayP50Ms: 1, loopDelayP99Ms: loopDelayMaxMs, loopDelayMaxMs });
  }

  clockJump(jumpMs: number, monoDeltaMs = 60_000): this {
    return this.push({ event: 'clock-jump', wallDeltaMs: monoDeltaMs + jumpMs, monoDeltaMs, jumpMs });
  }

  /**
   * The path fingerprint of a connection; `publicCa: false` is a TLS-intercepting proxy. `fields` adds what
   * names the box: the proxy, the 101's headers, the chain (leaf first).
   */
  path(
    publicCa: boolean | null,
    conn = 1,
    channel = CHANNEL,
    fields: Partial<Pick<PathFingerprint, 'proxy' | 'upgradeHeaders'>> & {
      chain?: Array<{ subject: string; issuer: string }>;
    } = {},
  ): this {
    return this.push({
      event: 'path',
      channel,
      conn,
      resolved: null,
      localAddress: null,
      localPort: null,
      remoteAddress: null,
      remotePort: null,
      proxy: fields.proxy ?? null,
      tls:
        publicCa === null
          ? null
          : { version: 'TLSv1.3', cipher: null, alpn: null, chain: fields.chain ?? [], publicCa },
      upgradeHeaders: fields.upgradeHeaders ?? {},
      clockSkewMs: null,
    });
  }

  watchdog(silentMs: number, conn = 1, channel = CHANNEL): this {
    return this.push({ event: 'watchdog', channel, conn, silentMs, limitMs: 75_000 });
  }

  error(code: string, message = 'refused'): this {
    return this.push({ event: 'error', code, message });
  }

  heartbeat(conn = 1, channel = CHANNEL): this {
    return this.push({ event: 'heartbeat', channel, conn });
  }

  /** Heartbeats every `everyMs`, `count` of them, starting `everyMs` from now. */
  heartbeats(count: number, everyMs = 30_000, conn = 1, channel = CHANNEL): this {
    for (let i = 0; i < count; i += 1) this.after(everyMs).heartbeat(conn, channel);
    return this;
  }

  ping(conn = 1, channel = CHANNEL, kind: 'app' | 'ws' = 'app'): this {
    return this.push({
      event: 'ping',
      channel,
      conn,
      ...(kind === 'ws' ? { kind } : {}),
      payload: kind === 'ws' ? '' : '{"message":"ping"}',
    });
  }

  /** App pings every `everyMs`, `count` of them, starting `everyMs` from now. */
  pings(count: number, everyMs: number, conn = 1, channel = CHANNEL, kind: 'app' | 'ws' = 'app'): this {
    for (let i = 0; i < count; i += 1) this.after(everyMs).ping(conn, channel, kind);
    return this;
  }

  pong(conn = 1, channel = CHANNEL): this {
    return this.push({ event: 'pong', channel, conn, rttMs: 12 });
  }

  warning(conn = 1, channel = CHANNEL): this {
    return this.push({ event: 'warning', channel, conn, topic: 'v2.system.socket_closing', body: {} });
  }

  notification(conn = 1, channel = CHANNEL): this {
    return this.push({ event: 'notification', channel, conn, topic: 'v2.users.u1.presence', bytes: 210 });
  }

  close(
    fields: { code?: number; reason?: string; clean?: boolean; by?: ClosedBy; error?: string } = {},
    conn = 1,
    channel = CHANNEL,
  ): this {
    const { code = 1001, reason = 'idle timeout', clean = true, by = 'server', error } = fields;
    return this.push({ event: 'close', channel, conn, code, reason, clean, by, ...(error ? { error } : {}) });
  }

  build(): ProbeEvent[] {
    return [...this.events];
  }

  /** The events as the NDJSON lines of a log file. */
  ndjson(): string {
    return `${this.events.map((event) => JSON.stringify(event)).join('\n')}\n`;
  }
}

export function script(): EventScript {
  return new EventScript();
}

import type { EventOf } from '../events/types.js';
import { type ClosureSignals, emptySignals } from './closure-signals.js';
import { EXPECTED_HEARTBEAT_MS, MISSED_HEARTBEAT_THRESHOLD_MS } from './heartbeat-cadence.js';
import type { ClosureRow } from './summary.js';

/** Real-time jitter of a timestamp (event loop, socket callbacks): the floor of any measurement. */
const REAL_JITTER_MS = 5;

/** Where a connection came from when several logs or runs are reported together. */
export interface RowOrigin {
  run: number;
  source: string | null;
}

/** Server-to-client frames: any of them proves the path was alive at that moment. */
export const INBOUND_EVENTS = new Set(['heartbeat', 'pong', 'warning', 'system', 'notification', 'frame']);

/**
 * The little that must be remembered about one open connection to explain its close: a handful of
 * monotonic timestamps and counters, so memory stays flat however long the connection lives.
 * All stored times are raw `mono` values; scaling to scenario time happens once, when the row is built.
 */
export class ConnectionTracker {
  private connectingMono: number | null = null;
  private openedAt: string | null = null;
  private openMono: number | null = null;
  private lastHeartbeat: number | null = null;
  private lastPong: number | null = null;
  private lastInbound: number | null = null;
  private lastOutbound: number | null = null;
  private lastMessageOut: number | null = null;
  private lastWarning: number | null = null;
  private heartbeats = 0;
  private maxHeartbeatGap: number | null = null;
  private missedHeartbeats = 0;
  private keepalive: string | null = null;
  private systemMessage: string | null = null;
  private publicCa: boolean | null = null;
  private viaProxy = false;
  private otherSocketOpened = false;
  /** Client stalls reported since the last inbound frame: only those can explain the silence before a close. */
  private loopStall: number | null = null;
  private clockJump: number | null = null;

  constructor(
    readonly channel: string,
    readonly connection: number,
    /** The run's time scale: raw mono gaps times this are scenario time. */
    private readonly timeScale: number,
  ) {}

  get openMonoValue(): number | null {
    return this.openMono;
  }

  get opened(): boolean {
    return this.openMono !== null;
  }

  open(time: string, mono: number): void {
    this.openedAt = time;
    this.openMono = mono;
  }

  /** Counts a heartbeat and folds its gap into the cadence statistics, so no list of beats is kept. */
  heartbeat(mono: number): void {
    // The first gap runs from open: a connection that opens and then hears nothing for a minute has
    // already missed a beat, though no two heartbeats bracket the silence.
    const previous = this.lastHeartbeat ?? this.openMono;
    if (previous !== null) this.recordGap(this.scaled(mono - previous));
    this.heartbeats += 1;
    this.lastHeartbeat = mono;
  }

  pong(mono: number): void {
    this.lastPong = mono;
  }

  warning(mono: number): void {
    this.lastWarning = mono;
  }

  inbound(mono: number): void {
    this.lastInbound = mono;
    this.loopStall = null;
    this.clockJump = null;
  }

  /** The upgrade request went out: the client's first bytes on this connection. */
  connecting(mono: number): void {
    this.connectingMono = mono;
  }

  /** The keepalive label from `connecting` or `open`; the later one wins. */
  labelKeepalive(label: unknown): void {
    if (typeof label === 'string' && label !== '') this.keepalive = label;
  }

  system(type: string | null): void {
    if (type !== null) this.systemMessage = type;
  }

  path(event: EventOf<'path'>): void {
    if (typeof event.tls?.publicCa === 'boolean') this.publicCa = event.tls.publicCa;
    this.viaProxy = event.proxy !== null && event.proxy !== undefined;
  }

  /** Another socket opened on this connection's channel while it was open. */
  otherSocket(): void {
    this.otherSocketOpened = true;
  }

  /** An event-loop delay (raw ms) reported while this connection waited for its next frame. */
  stalled(rawDelayMs: number): void {
    this.loopStall = Math.max(this.loopStall ?? 0, rawDelayMs);
  }

  /** A clock jump (raw ms, either direction) reported while this connection waited for its next frame. */
  jumped(rawJumpMs: number): void {
    this.clockJump = Math.max(this.clockJump ?? 0, Math.abs(rawJumpMs));
  }

  /** Raw mono at which the silence before a close began: the last inbound frame, or the open. */
  get silenceStart(): number | null {
    return this.lastInbound ?? this.openMono;
  }

  /** A client-to-server frame; `message` when it was a data frame rather than an RFC 6455 control frame. */
  outbound(mono: number, message: boolean): void {
    this.lastOutbound = mono;
    if (message) this.lastMessageOut = mono;
  }

  /** The row for this connection's close. Only meaningful once `opened` is true. */
  closeRow(
    close: EventOf<'close'>,
    runSignals: Pick<
      ClosureSignals,
      'channelAgeMs' | 'tokenExpiryOffsetMs' | 'tokenIdleOffsetMs' | 'channelsAtLimit' | 'healthReported'
    >,
    origin: RowOrigin,
  ): ClosureRow {
    const since = (mark: number | null): number | null => (mark === null ? null : this.scaled(close.mono - mark));
    return {
      channel: this.channel,
      connection: this.connection,
      openedAt: this.openedAt ?? close.time,
      closedAt: close.time,
      code: close.code,
      reason: close.reason ?? '',
      clean: close.clean === true,
      by: close.by,
      error: close.error ?? null,
      lifetimeMs: since(this.openMono) ?? 0,
      sinceHeartbeatMs: since(this.lastHeartbeat),
      sincePongMs: since(this.lastPong),
      sinceInboundMs: since(this.lastInbound),
      sinceOutboundMs: since(this.lastOutbound),
      warningLeadMs: since(this.lastWarning),
      heartbeats: this.heartbeats,
      maxHeartbeatGapMs: this.maxHeartbeatGap,
      missedHeartbeats: this.missedHeartbeats,
      keepalive: this.keepalive,
      run: origin.run,
      source: origin.source,
      signals: {
        ...emptySignals(),
        ...runSignals,
        sinceClientMessageMs: since(this.lastMessageOut),
        sinceUpgradeMs: since(this.connectingMono),
        resolutionMs: this.scaled(REAL_JITTER_MS),
        closeObserved: (close as { inferred?: unknown }).inferred !== true,
        systemMessage: this.systemMessage,
        otherSocketOpened: this.otherSocketOpened,
        publicCa: this.publicCa,
        viaProxy: this.viaProxy,
        loopStallMs: this.loopStall === null ? null : this.scaled(this.loopStall),
        clockJumpMs: this.clockJump === null ? null : this.scaled(this.clockJump),
      },
      // Classified once the whole run is known (closure-analyzer.ts): later events still add evidence.
      cause: 'unexplained',
      confidence: 'low',
      evidence: '',
    };
  }

  /** A row's own time scale, for evidence that arrives after the close. */
  scale(rawMs: number): number {
    return this.scaled(rawMs);
  }

  private recordGap(gap: number): void {
    if (this.maxHeartbeatGap === null || gap > this.maxHeartbeatGap) this.maxHeartbeatGap = gap;
    if (gap > MISSED_HEARTBEAT_THRESHOLD_MS) {
      // A 60 s gap skipped one beat, a 90 s gap two; anything past the threshold skipped at least one.
      this.missedHeartbeats += Math.max(1, Math.round(gap / EXPECTED_HEARTBEAT_MS) - 1);
    }
  }

  private scaled(rawMs: number): number {
    return roundTenth(rawMs * this.timeScale);
  }
}

/** Rounds to 0.1 ms, the precision every duration in a summary carries. */
export function roundTenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}

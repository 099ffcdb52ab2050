import { round } from '../clock/round.js';
import type { EventOf } from '../events/types.js';
import { systemMessageType } from '../protocol/notification-words.js';
import { STAMP_JITTER_MS } from '../protocol/timing.js';
import { boxClockOf } from './box-clock.js';
import type { ClientStalls, StallMark } from './client-stalls.js';
import type { ClosureDraft } from './closure-draft.js';
import { emptySignals } from './closure-signals.js';
import type { ConnectionFrame, ConnectionIdentity, ConnectionObserver, FrameListener } from './connection-observer.js';
import { isInboundFrame, isServerControlPing } from './frame-direction.js';
import { HeartbeatCadence } from './heartbeat-cadence.js';
import type { RunSignals } from './run-ledger.js';
import { scenarioMs } from './scenario-time.js';

/**
 * The little that must be remembered about one connection to explain its close: a handful of monotonic
 * timestamps and counters, so memory stays flat however long the connection lives. All stored times are
 * raw `mono` values; scaling to scenario time happens once, when the connection closes.
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
  /** Raw mono of the first `ping` this connection sent: when the lane's keepalive first went out. */
  private firstPing: number | null = null;
  private readonly cadence = new HeartbeatCadence();
  private keepalive: string | null = null;
  private systemMessage: string | null = null;
  private publicCa: boolean | null = null;
  private tlsRoot: string | null = null;
  private proxy: string | null = null;
  private upgradeServer: string | null = null;
  private upgradeVia: string | null = null;
  private otherSocketOpened = false;
  /**
   * Where the client stalls that can explain the silence before a close start: those reported since the
   * last inbound frame (or the open). Null before the open.
   */
  private stallMark: StallMark | null = null;
  private listener: FrameListener | null = null;

  constructor(
    readonly identity: ConnectionIdentity,
    /** The run's client stalls, asked at the close for those that came during the silence before it. */
    private readonly stalls: ClientStalls,
    /** The run's time scale: raw mono gaps times this are scenario time. */
    private readonly timeScale: number,
    /** The run probed the built-in simulator in-process, whose own boxes keep scenario time (box-clock.ts). */
    private readonly simulatorRun = false,
  ) {}

  get opened(): boolean {
    return this.openMono !== null;
  }

  /** Raw mono of the open, or null before it. */
  get openedAtMono(): number | null {
    return this.openMono;
  }

  /** Raw mono at which the silence before a close began: the last inbound frame, or the open. */
  get silenceStart(): number | null {
    return this.lastInbound ?? this.openMono;
  }

  /** The upgrade request went out: the client's first bytes on this connection. */
  connecting(event: EventOf<'connecting'>): void {
    this.connectingMono = event.mono;
    this.labelKeepalive(event.keepalive);
  }

  /** The socket opened; `observer` is told, and hears the connection's frames from now on if it wants them. */
  open(event: EventOf<'open'>, observer: ConnectionObserver | null): void {
    this.openedAt = event.time;
    this.openMono = event.mono;
    this.stallMark = this.stalls.mark(event.mono);
    this.labelKeepalive(event.keepalive);
    this.listener = observer?.opened(this.identity, event.mono, this.timeScale) ?? null;
  }

  /** The path fingerprint: what it says about the boxes between the probe and the service. */
  path(event: EventOf<'path'>): void {
    this.publicCa = event.tls?.publicCa ?? this.publicCa;
    this.tlsRoot = event.tls?.chain.at(-1)?.issuer ?? this.tlsRoot;
    this.proxy = event.proxy?.url ?? null;
    this.upgradeServer = headerClue(event.upgradeHeaders.server);
    this.upgradeVia = headerClue(event.upgradeHeaders.via);
  }

  /** A frame on the open connection (frames before the open belong to no connection yet). */
  frame(event: ConnectionFrame): void {
    if (this.openMono === null) return;
    this.listener?.(event);
    if (isInboundFrame(event.event)) this.inbound(event.mono);
    switch (event.event) {
      case 'heartbeat':
        // The first gap runs from open: a connection that opens and then hears nothing for a minute has
        // already missed a beat, though no two heartbeats bracket the silence.
        this.cadence.beat(this.scaled(event.mono - (this.lastHeartbeat ?? this.openMono)));
        this.lastHeartbeat = event.mono;
        return;
      case 'pong':
        this.lastPong = event.mono;
        return;
      case 'warning':
        this.lastWarning = event.mono;
        return;
      case 'system':
        this.systemMessage = systemMessageType(event.topic, event.body) ?? this.systemMessage;
        return;
      case 'frame':
        if (isServerControlPing(event)) this.outbound(event.mono, false);
        return;
      case 'ping':
        this.firstPing ??= event.mono;
        this.outbound(event.mono, event.kind !== 'ws');
        return;
      default:
        return;
    }
  }

  /** Another socket opened on this connection's channel while it was open. */
  otherSocket(): void {
    this.otherSocketOpened = true;
  }

  /** What is known at this connection's close, in scenario time. Only meaningful once `opened` is true. */
  close(close: EventOf<'close'>, runSignals: RunSignals): ClosureDraft {
    const since = (mark: number | null): number | null => (mark === null ? null : this.scaled(close.mono - mark));
    const { run, source, channel, connection } = this.identity;
    const loopStall = this.stallMark === null ? null : this.stalls.stallSince(this.stallMark);
    const clockJump = this.stallMark === null ? null : this.stalls.jumpSince(this.stallMark);
    const facts = {
      channel,
      connection,
      openedAt: this.openedAt ?? close.time,
      closedAt: close.time,
      code: close.code,
      reason: close.reason,
      clean: close.clean,
      by: close.by,
      error: close.error ?? null,
      violation: close.violation ?? null,
      lifetimeMs: since(this.openMono) ?? 0,
      realLifetimeMs: this.openMono === null ? 0 : round(close.mono - this.openMono, 1),
      sinceHeartbeatMs: since(this.lastHeartbeat),
      sincePongMs: since(this.lastPong),
      sinceInboundMs: since(this.lastInbound),
      sinceOutboundMs: since(this.lastOutbound),
      warningLeadMs: since(this.lastWarning),
      heartbeats: this.cadence.count,
      maxHeartbeatGapMs: this.cadence.maxGapMs,
      missedHeartbeats: this.cadence.missed,
      keepalive: this.keepalive,
      firstKeepaliveMs:
        this.firstPing === null || this.openMono === null ? null : this.scaled(this.firstPing - this.openMono),
      run,
      source,
      timeScale: this.timeScale,
      signals: {
        ...emptySignals(),
        ...runSignals,
        sinceClientMessageMs: since(this.lastMessageOut),
        sinceUpgradeMs: since(this.connectingMono),
        resolutionMs: this.scaled(STAMP_JITTER_MS),
        closeObserved: close.inferred !== true,
        systemMessage: this.systemMessage,
        otherSocketOpened: this.otherSocketOpened,
        publicCa: this.publicCa,
        viaProxy: this.proxy !== null,
        proxy: this.proxy,
        upgradeServer: this.upgradeServer,
        upgradeVia: this.upgradeVia,
        tlsRoot: this.tlsRoot,
        boxClock: boxClockOf(this.simulatorRun, this.proxy !== null),
        loopStallMs: loopStall === null ? null : this.scaled(loopStall),
        clockJumpMs: clockJump === null ? null : this.scaled(clockJump),
      },
    };
    return { facts, closeMono: close.mono, silenceStart: this.silenceStart ?? close.mono, timeScale: this.timeScale };
  }

  /** The keepalive label from `connecting` or `open`; the later one wins, an empty one says nothing. */
  private labelKeepalive(label: string | undefined): void {
    if (label) this.keepalive = label;
  }

  /** A server-to-client frame: a stall reported before it hid nothing from the silence before a close. */
  private inbound(mono: number): void {
    this.lastInbound = mono;
    this.stallMark = this.stalls.mark(mono);
  }

  /** A client-to-server frame; `message` when it was a data frame rather than an RFC 6455 control frame. */
  private outbound(mono: number, message: boolean): void {
    this.lastOutbound = mono;
    if (message) this.lastMessageOut = mono;
  }

  private scaled(rawMs: number): number {
    return scenarioMs(rawMs, this.timeScale);
  }
}

/** The longest header value kept as a clue: enough for `1.1 squid (squid/5.7)`, never a whole page of text. */
const CLUE_CHARS = 80;

/** A response header worth quoting in evidence, trimmed; null when absent or empty. */
function headerClue(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  return text.length > CLUE_CHARS ? `${text.slice(0, CLUE_CHARS - 1)}…` : text;
}

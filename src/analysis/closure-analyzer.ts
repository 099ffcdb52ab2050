import { API_USE_EVENTS } from '../events/api-use.js';
import type { EventOf, ProbeEvent } from '../events/types.js';
import { systemMessageType } from '../protocol/notification-words.js';
import { AfterCloseEvidence } from './after-close-evidence.js';
import { classifyClosure } from './classify-closure.js';
import { ConnectionTracker, INBOUND_EVENTS } from './connection-tracker.js';
import { RunLedger } from './run-ledger.js';
import { runPatterns } from './run-patterns.js';
import type { ClosureRow, RunSummary } from './summary.js';
import { compareTimers } from './timer-comparison.js';

/**
 * Turns a stream of probe events into the closures of a run and the gaps before each one. Pure: no I/O,
 * no clock; the live run and `idleprobe report` on a saved log feed it the same events and get the same
 * summary. Only open connections are held in memory (deleted at their close), plus the rows.
 *
 * A log file is appended to run after run, so `run-start` begins afresh: connection numbers and `mono`
 * restart with every run, and a connection the previous run left open (a killed process) counts as open
 * at the end instead of being matched with a newer connection that happens to reuse its number.
 */
export class ClosureAnalyzer {
  private readonly open = new Map<string, ConnectionTracker>();
  private timeScale = 1;
  private firstTimeScale: number | null = null;
  private startedAt: string | null = null;
  private endedAt: string | null = null;
  private endReason: RunSummary['endReason'] = null;
  private target: string | null = null;
  private runs = 0;
  private readonly closures: ClosureRow[] = [];
  private readonly endedByProbe: ClosureRow[] = [];
  private leftOpen = 0;
  private failedToOpen = 0;
  private connections = 0;
  private heartbeats = 0;
  private ledger = new RunLedger(1);
  private afterClose = new AfterCloseEvidence((mono) => this.reopenedAfter(mono));
  private source: string | null = null;

  /**
   * Names the log the events that follow come from. Runs are numbered across every source, so two logs
   * that both hold a `conn 1` on a channel (two machines, two runs) never collide.
   */
  beginSource(name: string | null): void {
    this.source = name;
    this.leftOpen += this.openedTrackers();
    this.open.clear();
    this.afterClose.clear();
  }

  push(event: ProbeEvent): void {
    if (API_USE_EVENTS.has(event.event)) this.ledger.apiUsed(event.mono);
    switch (event.event) {
      case 'run-start':
        this.startRun(event.time, event.timeScale, event.target);
        return;
      case 'channel':
        this.ledger.channelCreated(event.channel, event.mono);
        return;
      case 'subscribe':
      case 'resubscribe':
        this.ledger.channelExtended(event.channel, event.mono);
        return;
      case 'token':
        this.ledger.token(event);
        return;
      case 'token-idle':
        this.ledger.tokenIdle(event);
        return;
      case 'channels':
        this.ledger.channelCount(event);
        return;
      case 'health':
        this.health(event);
        return;
      case 'clock-jump':
        this.clockJump(event);
        return;
      case 'reconnect':
        this.afterClose.reconnect(event);
        return;
      case 'channel-check':
        this.afterClose.channelCheck(event);
        return;
      case 'error':
        this.afterClose.error(event);
        return;
      case 'path':
        this.open.get(keyOf(event.channel, event.conn))?.path(event);
        return;
      case 'run-end':
        this.endedAt = event.time;
        this.endReason = event.reason;
        return;
      case 'connecting': {
        const tracker = this.open.get(keyOf(event.channel, event.conn)) ?? this.track(event.channel, event.conn);
        tracker.connecting(event.mono);
        tracker.labelKeepalive(event.keepalive);
        return;
      }
      case 'open': {
        const existing = this.open.get(keyOf(event.channel, event.conn));
        const tracker = existing && !existing.opened ? existing : this.track(event.channel, event.conn);
        tracker.open(event.time, event.mono);
        tracker.labelKeepalive(event.keepalive);
        this.connections += 1;
        // protocol.md: a second socket on a channel disconnects the first.
        for (const other of this.open.values()) {
          if (other !== tracker && other.opened && other.channel === event.channel) other.otherSocket();
        }
        return;
      }
      case 'close':
        this.close(event);
        return;
      default:
        this.frame(event);
        return;
    }
  }

  /** The summary so far. Does not end anything: more events may still be pushed afterwards. */
  finish(): RunSummary {
    const classify = (row: ClosureRow): ClosureRow => ({
      ...row,
      signals: { ...row.signals },
      ...classifyClosure(row),
    });
    const endedByProbe = this.endedByProbe.map((row) => ({ ...row, signals: { ...row.signals } }));
    const closures = compareTimers(this.closures.map(classify), endedByProbe);
    return {
      schema: 1,
      timeScale: this.firstTimeScale ?? 1,
      scenarioTime: (this.firstTimeScale ?? 1) !== 1,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      endReason: this.endReason,
      target: this.target,
      runs: this.runs,
      closures,
      endedByProbe,
      openAtEnd: this.leftOpen + this.openedTrackers(),
      failedToOpen: this.failedToOpen,
      connections: this.connections,
      heartbeats: this.heartbeats,
      patterns: runPatterns(closures, endedByProbe),
    };
  }

  private startRun(time: string, timeScale: unknown, target: unknown): void {
    this.leftOpen += this.openedTrackers();
    this.open.clear();
    this.runs += 1;
    this.afterClose.clear();
    // Only the simulator scales time; a missing or nonsensical scale means real time.
    this.timeScale = typeof timeScale === 'number' && Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 1;
    this.ledger = new RunLedger(this.timeScale);
    if (this.firstTimeScale === null) {
      this.firstTimeScale = this.timeScale;
      this.startedAt = time;
      this.target = typeof target === 'string' ? target : null;
    }
    // A new run has not ended yet, whatever the previous one did.
    this.endedAt = null;
    this.endReason = null;
  }

  private frame(event: ProbeEvent): void {
    if (event.event === 'heartbeat') this.heartbeats += 1;
    if (!('conn' in event) || typeof event.conn !== 'number' || typeof event.channel !== 'string') return;
    const tracker = this.open.get(keyOf(event.channel, event.conn));
    if (!tracker?.opened) return;
    if (INBOUND_EVENTS.has(event.event)) tracker.inbound(event.mono);
    switch (event.event) {
      case 'heartbeat':
        tracker.heartbeat(event.mono);
        return;
      case 'pong':
        tracker.pong(event.mono);
        return;
      case 'warning':
        tracker.warning(event.mono);
        return;
      case 'system':
        tracker.system(systemMessageType(event.topic, event.body));
        return;
      case 'ping':
        tracker.outbound(event.mono, event.kind !== 'ws');
        return;
      case 'frame':
        if (isServerControlPing(event)) tracker.outbound(event.mono, false);
        return;
      default:
        return;
    }
  }

  private close(event: Extract<ProbeEvent, { event: 'close' }>): void {
    const key = keyOf(event.channel, event.conn);
    const tracker = this.open.get(key);
    this.open.delete(key);
    if (!tracker?.opened) {
      // The run stopping mid-connect is not a failure; anything else closed before the upgrade finished.
      if (event.by !== 'probe') this.failedToOpen += 1;
      return;
    }
    const row = tracker.closeRow(event, this.ledger.signalsAt(event.channel, event.mono), {
      run: Math.max(this.runs, 1),
      source: this.source,
    });
    (row.by === 'probe' ? this.endedByProbe : this.closures).push(row);
    this.afterClose.closed({ row, closeMono: event.mono, silenceStart: tracker.silenceStart ?? event.mono, tracker });
  }

  /** An event-loop delay over a window: it may cover the silence of an open connection or of one just closed. */
  private health(event: EventOf<'health'>): void {
    this.ledger.healthReported();
    const delay = event.loopDelayMaxMs;
    // The window's worst stall may have come before the connection's last frame; at most the part of the
    // window after that frame can have hidden anything from it.
    if (typeof delay === 'number' && Number.isFinite(delay) && delay > 0) {
      for (const tracker of this.open.values()) {
        if (tracker.opened) tracker.stalled(Math.min(delay, event.mono - (tracker.silenceStart ?? event.mono)));
      }
    }
    this.afterClose.health(event);
  }

  private clockJump(event: EventOf<'clock-jump'>): void {
    const jump = Math.abs(event.jumpMs);
    if (!Number.isFinite(jump) || jump <= 0) return;
    for (const tracker of this.open.values()) if (tracker.opened) tracker.jumped(jump);
    this.afterClose.clockJump(event);
  }

  private reopenedAfter(mono: number): boolean {
    for (const tracker of this.open.values())
      if (tracker.opened && tracker.openMonoValue !== null && tracker.openMonoValue > mono) return true;
    return false;
  }

  private track(channel: string, conn: number): ConnectionTracker {
    const tracker = new ConnectionTracker(channel, conn, this.timeScale);
    this.open.set(keyOf(channel, conn), tracker);
    return tracker;
  }

  private openedTrackers(): number {
    let count = 0;
    for (const tracker of this.open.values()) if (tracker.opened) count += 1;
    return count;
  }
}

/**
 * An RFC 6455 ping from the service. The socket answers it with a pong at once (ws does so by default, as
 * the RFC requires), and that pong is client-to-server traffic: it resets any timer counting client
 * silence, so it must count as outbound even though the log records only the ping that caused it.
 */
function isServerControlPing(event: Extract<ProbeEvent, { event: 'frame' }>): boolean {
  return event.kind === 'control' && /\bping\b/i.test(event.note);
}

function keyOf(channel: string, conn: number): string {
  return `${channel}#${conn}`;
}

/** Analyzes a finished list of events. */
export function analyze(events: Iterable<ProbeEvent>): RunSummary {
  const analyzer = new ClosureAnalyzer();
  for (const event of events) analyzer.push(event);
  return analyzer.finish();
}

/** Analyzes events as they stream in (a log being read), holding only open connections in memory. */
export async function analyzeStream(events: AsyncIterable<ProbeEvent>): Promise<RunSummary> {
  const analyzer = new ClosureAnalyzer();
  for await (const event of events) analyzer.push(event);
  return analyzer.finish();
}

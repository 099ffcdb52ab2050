import { API_USE_EVENTS } from '../events/api-use.js';
import type { EventOf, ProbeEvent } from '../events/types.js';
import { AfterCloseEvidence } from './after-close-evidence.js';
import { BlindTime } from './blind-time.js';
import { closureRow, type SettledClosure } from './closure-draft.js';
import type { ConnectionObserver } from './connection-observer.js';
import { ConnectionTracker } from './connection-tracker.js';
import { secondSocketsAcrossRuns } from './cross-run-sockets.js';
import { OpenConnections } from './open-connections.js';
import { RunHeader } from './run-header.js';
import { RunLedger } from './run-ledger.js';
import { runPatterns } from './run-patterns.js';
import { SettledInMemory, type SettledStore } from './settled-store.js';
import type { ClosureRow, RunSummary } from './summary.js';
import { compareTimers } from './timer-comparison.js';

/**
 * Turns a stream of probe events into the closures of a run and the gaps before each one. No I/O of its
 * own and no clock; the live run and `idleprobe report` on a saved log feed it the same events and get the
 * same summary. Only open connections are held in memory (dropped at their close), and the latest closures;
 * every settled closure goes to the store it is given (off the heap for a long run or a soak's report)
 * until `finish` makes the rows.
 *
 * A log file is appended to run after run, so `run-start` begins afresh: connection numbers and `mono`
 * restart with every run, and a connection the previous run left open (a killed process) counts as open
 * at the end instead of being matched with a newer connection that happens to reuse its number.
 */
export class ClosureAnalyzer {
  private readonly header = new RunHeader();
  private readonly open = new OpenConnections();
  /** Connections the run closed itself, a handful a run; `finish` makes their rows as it does the closures'. */
  private readonly endedByProbe: SettledClosure[] = [];
  /** The latest settled closures, newest last, for `closureSoFar`: the store is not searched. */
  private readonly recent: SettledClosure[] = [];

  private leftOpen = 0;
  private failedToOpen = 0;
  private connections = 0;
  private heartbeats = 0;
  private ledger = new RunLedger(1);
  private readonly afterClose = new AfterCloseEvidence((mono) => this.open.anyOpenedAfter(mono));
  private source: string | null = null;
  private readonly blind = new BlindTime();

  /**
   * `observer` is told about each connection that opens, and hears its frames (the SVG timeline).
   * `settled` keeps the closures whose evidence is complete, in close order (settled-store.ts).
   */
  constructor(
    private readonly observer: ConnectionObserver | null = null,
    private readonly settled: SettledStore = new SettledInMemory(),
  ) {}

  /**
   * Names the log the events that follow come from. Runs are numbered across every source, so two logs
   * that both hold a `conn 1` on a channel (two machines, two runs) never collide.
   */
  beginSource(name: string | null): void {
    this.source = name;
    this.endConnections();
    this.header.beginFile();
    this.blind.beginRun({ run: this.header.run, source: name, timeScale: this.header.timeScale });
  }

  push(event: ProbeEvent): void {
    if (API_USE_EVENTS.has(event.event)) this.ledger.apiUsed(event.mono);
    switch (event.event) {
      case 'run-start':
        this.endConnections();
        this.header.start(event);
        this.ledger = new RunLedger(event.timeScale);
        this.blind.beginRun({ run: this.header.run, source: this.source, timeScale: event.timeScale });
        break;
      case 'run-end':
        this.header.end(event);
        break;
      case 'channel':
        this.ledger.channelCreated(event.channel, event.mono);
        break;
      case 'subscribe':
      case 'resubscribe':
        this.ledger.channelExtended(event.channel, event.mono);
        break;
      case 'token':
        this.ledger.token(event);
        break;
      case 'token-idle':
        this.ledger.tokenIdle(event);
        break;
      case 'channels':
        this.ledger.channelCount(event);
        break;
      case 'health':
        this.health(event);
        break;
      case 'clock-jump':
        this.clockJump(event);
        break;
      case 'reconnect':
        this.afterClose.reconnect(event);
        break;
      case 'channel-check':
        this.afterClose.channelCheck(event);
        break;
      case 'error':
        this.afterClose.error(event);
        break;
      case 'connecting':
        (this.open.get(event.channel, event.conn) ?? this.track(event.channel, event.conn)).connecting(event);
        break;
      case 'open':
        this.opened(event);
        break;
      case 'path':
        this.open.get(event.channel, event.conn)?.path(event);
        break;
      case 'close':
        this.close(event);
        break;
      case 'heartbeat':
      case 'pong':
      case 'ping':
      case 'warning':
      case 'system':
      case 'notification':
      case 'frame':
      case 'watchdog':
        if (event.event === 'heartbeat') this.heartbeats += 1;
        this.open.get(event.channel, event.conn)?.frame(event);
        break;
      default:
        // user, token-expiring, resumed, lanes: nothing a closure is measured against.
        break;
    }
    // After the run's own bookkeeping: a `run-start` has begun the run this event belongs to.
    this.blind.push(event);
  }

  /** The summary so far. Does not end anything: more events may still be pushed afterwards. */
  finish(): RunSummary {
    const waiting = this.afterClose.soFar();
    const ended = [...this.endedByProbe, ...waiting.filter(endedByTheRun)];
    const stillWaiting = waiting.filter((closure) => !endedByTheRun(closure));
    const closed = (): Iterable<SettledClosure> => chain(this.settled.each(), stillWaiting);
    // The settled closures are read once more only when there were several runs: a second socket across
    // runs needs two.
    const mark = this.header.run > 1 ? secondSocketsAcrossRuns(chain(closed(), ended)) : null;
    const rows: ClosureRow[] = [];
    for (const closure of closed()) rows.push(closureRow(mark ? mark(closure) : closure));
    const endedByProbe = ended.map(closureRow);
    const closures = compareTimers(rows, endedByProbe);
    return {
      ...this.header.facts(),
      closures,
      endedByProbe,
      openAtEnd: this.leftOpen + this.open.countOpened(),
      failedToOpen: this.failedToOpen,
      connections: this.connections,
      heartbeats: this.heartbeats,
      patterns: runPatterns(closures, endedByProbe, (run) => this.header.targetOf(run)),
      ...this.blind.facts(),
    };
  }

  /**
   * The row of the current run's closure of that connection, classified on the evidence so far, for a
   * live reader (the metrics) that cannot wait for the summary. Only the closures still gathering evidence
   * and the latest settled ones are searched; a connection the run closed itself, or none, gives null. The
   * summary may still revise a low-confidence timer cause by comparing connections (timer-comparison.ts).
   */
  closureSoFar(channel: string, conn: number): ClosureRow | null {
    let found = this.afterClose.find(channel, conn);
    for (let i = this.recent.length - 1; found === null && i >= 0; i -= 1) {
      const kept = this.recent[i] as SettledClosure;
      if (kept.facts.run === this.header.run && kept.facts.channel === channel && kept.facts.connection === conn)
        found = kept;
    }
    return found === null || endedByTheRun(found) ? null : closureRow(found);
  }

  /** Frees what the settled closures' store holds (a temporary file): no summary is made after this. */
  release(): void {
    this.settled.release();
  }

  /** A run or a log ended: its open connections stay open, and its closures have all their evidence. */
  private endConnections(): void {
    this.leftOpen += this.open.clear();
    for (const closure of this.afterClose.settle()) this.keep(closure);
  }

  private opened(event: EventOf<'open'>): void {
    const existing = this.open.get(event.channel, event.conn);
    const tracker = existing && !existing.opened ? existing : this.track(event.channel, event.conn);
    tracker.open(event, this.observer);
    this.connections += 1;
    this.open.opened(tracker);
  }

  private close(event: EventOf<'close'>): void {
    const tracker = this.open.remove(event.channel, event.conn);
    if (!tracker?.opened) {
      // The run stopping mid-connect is not a failure; anything else closed before the upgrade finished.
      if (event.by !== 'probe') this.failedToOpen += 1;
      return;
    }
    const draft = tracker.close(event, this.ledger.signalsAt(event.channel, event.mono));
    for (const closure of this.afterClose.closed(draft)) this.keep(closure);
  }

  private keep(closure: SettledClosure): void {
    if (endedByTheRun(closure)) {
      this.endedByProbe.push(closure);
      return;
    }
    this.settled.add(closure);
    this.recent.push(closure);
    if (this.recent.length > RECENT_SEARCHED) this.recent.shift();
  }

  /** An event-loop delay over a window: it may cover the silence of an open connection or of one just closed. */
  private health(event: EventOf<'health'>): void {
    this.ledger.healthReported();
    if (event.loopDelayMaxMs > 0) this.open.stalled(event.loopDelayMaxMs, event.mono);
    this.afterClose.health(event);
  }

  private clockJump(event: EventOf<'clock-jump'>): void {
    if (event.jumpMs === 0) return;
    this.open.jumped(Math.abs(event.jumpMs));
    this.afterClose.clockJump(event);
  }

  private track(channel: string, conn: number): ConnectionTracker {
    const identity = { run: this.header.run, source: this.source, channel, connection: conn };
    return this.open.add(
      new ConnectionTracker(identity, this.open.stalls, this.header.timeScale, this.header.simulatorRun),
    );
  }
}

/** How many settled closures `closureSoFar` looks back through: those that just left the evidence window. */
const RECENT_SEARCHED = 256;

/** One sequence after another, without copying either. */
function* chain<T>(first: Iterable<T>, second: Iterable<T>): Generator<T> {
  yield* first;
  yield* second;
}

/** A connection the run itself closed while stopping: listed, but not a closure to explain. */
function endedByTheRun(closure: SettledClosure): boolean {
  return closure.facts.by === 'probe';
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

import type { ProbeEvent } from '../../src/events/types.js';
import type { SimRecord } from '../../src/sim/simulator.js';

/** What the simulator journals when it sends it, and the probe logs as one event of the same name. */
const DELIVERED = new Set<string>(['heartbeat', 'pong', 'notification', 'warning']);
/** How far apart the two sides' times of one frame may be: the bus rounds `mono` to a thousandth. */
const SAME_INSTANT_MS = 0.001;
/** Problems quoted in full; past this they are only counted. */
const QUOTED = 20;

interface Frame {
  kind: string;
  at: number;
}

interface Ended {
  code: number;
  at: number;
}

/** The tallies a soak prints and asserts on. */
export interface DeliveryFigures {
  /** Frames the simulator sent that the probe logs (heartbeats, app pongs, notifications, warnings). */
  sent: number;
  /** Of those, logged by the probe in order, at the instant they were sent. */
  delivered: number;
  /** Sent as the run stopped, on a connection the probe was closing: not held any more. */
  sentWhileStopping: number;
  /** The probe's `ping` events (frames it sent), and of those, the ones the simulator received in order at that instant. */
  pingsSent: number;
  pingsReceived: number;
  /** Sent at the very instant the service closed that connection, or the run stopped: nobody was reading. */
  pingsCrossingTheClose: number;
  /** Connections the service (or the path) ended, by the simulator's journal. */
  serviceCloses: number;
  /** Of those, logged by the probe as a closure with the same code at the same instant. */
  closuresMatched: number;
  /** Made at the instant the run stopped, on a connection the probe was closing itself. */
  closedAsTheRunStopped: number;
  /** WebSocket connections the simulator accepted. */
  opens: number;
  /** What did not match, quoted up to a limit, and how many in all. */
  problems: string[];
  problemCount: number;
}

/**
 * Checks, as a run goes, that nothing was lost between the simulator and the probe's log. The two share
 * a manual clock that stands still while a frame is on its way (test/support/clock-driver.ts), so each
 * frame is sent and received at one instant, and each channel's frames are a sequence numbered by their
 * order: the probe's events must walk the simulator's journal of what it sent, one for one, in order, at
 * the same instants; the frames the probe sent must be the ones the simulator received; every closure the
 * simulator made must be one the probe logged, with its code, and the reverse. Only a frame that crossed
 * a close (sent at its very instant) or the run's stop may go unread. Memory is what is on its way at one
 * instant, so the check does not grow with the run it watches.
 *
 * `offsetMs`: the manual clock's `mono` when the run's bus started, so the journal's times map to the log's.
 */
export class DeliveryCheck {
  /** Per channel: frames the simulator sent, and pings the probe sent, not yet seen on the other side. */
  private readonly inbound = new Map<string, Frame[]>();
  private readonly outbound = new Map<string, Frame[]>();
  private readonly ended = new Map<string, Ended[]>();
  private stopAt: number | null = null;
  private readonly figures: DeliveryFigures = {
    sent: 0,
    delivered: 0,
    sentWhileStopping: 0,
    pingsSent: 0,
    pingsReceived: 0,
    pingsCrossingTheClose: 0,
    serviceCloses: 0,
    closuresMatched: 0,
    closedAsTheRunStopped: 0,
    opens: 0,
    problems: [],
    problemCount: 0,
  };

  constructor(private readonly offsetMs: number) {}

  /** What the simulator did (its journal's `record` events). */
  simRecord(record: SimRecord): void {
    const at = record.at - this.offsetMs;
    if (DELIVERED.has(record.kind)) {
      this.figures.sent += 1;
      queue(this.inbound, record.channel).push({ kind: record.kind, at });
    } else if (record.kind === 'client-frame') {
      this.matchNext(this.outbound, record.channel, 'ping', at, () => {
        this.figures.pingsReceived += 1;
      });
    } else if (record.kind === 'open') {
      this.figures.opens += 1;
    } else if (record.kind === 'drop' || (record.kind === 'close' && record.detail !== 'by-client')) {
      this.figures.serviceCloses += 1;
      queue(this.ended, record.channel).push({ code: record.code ?? 1006, at });
    }
  }

  /** What the probe logged (every event, as the log receives it). */
  probeEvent(event: ProbeEvent): void {
    switch (event.event) {
      case 'heartbeat':
      case 'notification':
      case 'warning':
      case 'pong':
        // RFC 6455 pongs are answered by the socket itself, never journaled.
        if (event.event === 'pong' && event.kind === 'ws') return;
        this.skipLost(event.channel, event.mono);
        this.matchNext(this.inbound, event.channel, event.event, event.mono, () => {
          this.figures.delivered += 1;
        });
        return;
      case 'ping':
        this.figures.pingsSent += 1;
        queue(this.outbound, event.channel).push({ kind: 'ping', at: event.mono });
        return;
      case 'close':
        this.closed(event);
        return;
      case 'run-end':
        this.stopAt ??= event.mono;
        return;
      default:
        return;
    }
  }

  /** The tallies, once the run has ended; frames still waiting then were lost unless they crossed the stop. */
  result(): DeliveryFigures {
    for (const [channel, waiting] of this.inbound) {
      for (const frame of waiting.splice(0)) {
        if (this.crossedTheStop(frame)) this.figures.sentWhileStopping += 1;
        else this.problem(`${frame.kind} sent at ${frame.at} on ${channel} never reached the log`);
      }
    }
    for (const [channel, waiting] of this.outbound) {
      for (const ping of waiting.splice(0)) {
        if (this.crossedTheStop(ping)) this.figures.pingsCrossingTheClose += 1;
        else this.problem(`ping sent at ${ping.at} on ${channel} never reached the simulator`);
      }
    }
    for (const [channel, waiting] of this.ended) {
      for (const close of waiting.splice(0)) {
        if (this.crossedTheStop(close)) this.figures.closedAsTheRunStopped += 1;
        else this.problem(`close at ${close.at} on ${channel} never reached the log`);
      }
    }
    return { ...this.figures, problems: [...this.figures.problems] };
  }

  private closed(event: Extract<ProbeEvent, { event: 'close' }>): void {
    if (event.by === 'probe') {
      // The run stopping closes every connection: from then on nothing sent either way is read any more.
      this.stopAt ??= event.mono;
      return;
    }
    // A ping sent at the instant the service closed the connection reached a socket that was closing.
    const pings = this.outbound.get(event.channel) ?? [];
    while (pings.length > 0 && Math.abs((pings[0] as Frame).at - event.mono) <= SAME_INSTANT_MS) {
      pings.shift();
      this.figures.pingsCrossingTheClose += 1;
    }
    const closed = this.ended.get(event.channel)?.shift();
    if (!closed) this.problem(`close at ${event.mono} on ${event.channel}: the simulator closed nothing`);
    else if (closed.code !== event.code || Math.abs(closed.at - event.mono) > SAME_INSTANT_MS) {
      this.problem(
        `close ${event.code} at ${event.mono} on ${event.channel}: simulator ${closed.code} at ${closed.at}`,
      );
    } else this.figures.closuresMatched += 1;
  }

  /**
   * Frames sent on `channel` before instant `at` that the log has not shown yet never will: each reached
   * the probe at the instant it was sent. Each is one problem, and the sequence goes on after them.
   */
  private skipLost(channel: string, at: number): void {
    const waiting = this.inbound.get(channel) ?? [];
    while (waiting.length > 0 && (waiting[0] as Frame).at < at - SAME_INSTANT_MS) {
      const lost = waiting.shift() as Frame;
      this.problem(`${lost.kind} sent at ${lost.at} on ${channel} never reached the log`);
    }
  }

  /** The next frame waiting on `channel` must be a `kind` at instant `at`: the other side saw it. */
  private matchNext(
    waiting: Map<string, Frame[]>,
    channel: string,
    kind: string,
    at: number,
    matched: () => void,
  ): void {
    const next = waiting.get(channel)?.shift();
    if (!next) this.problem(`${kind} at ${at} on ${channel}: the other side sent nothing`);
    else if (next.kind !== kind || Math.abs(next.at - at) > SAME_INSTANT_MS) {
      this.problem(`${kind} at ${at} on ${channel}: the next one sent was ${next.kind} at ${next.at}`);
    } else matched();
  }

  private crossedTheStop(what: { at: number }): boolean {
    return this.stopAt !== null && what.at >= this.stopAt - SAME_INSTANT_MS;
  }

  private problem(text: string): void {
    this.figures.problemCount += 1;
    if (this.figures.problems.length < QUOTED) this.figures.problems.push(text);
  }
}

function queue<T>(map: Map<string, T[]>, channel: string): T[] {
  let list = map.get(channel);
  if (!list) {
    list = [];
    map.set(channel, list);
  }
  return list;
}

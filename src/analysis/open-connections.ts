import { ClientStalls } from './client-stalls.js';
import type { ConnectionTracker } from './connection-tracker.js';

/**
 * The connections of the current run that have not closed, by channel and connection number (`channel`
 * + `conn` names one WebSocket connection within a run). Only these are held in memory. Nothing here
 * visits every open connection for one event: a log may hold hundreds of thousands that never closed.
 */
export class OpenConnections {
  /**
   * By connection number, then channel: looked up for every frame of a log. A number is hashed in no
   * time, while a channel name parsed from a line is a fresh string to hash on every heartbeat; under one
   * number there is one connection, or a few in a log whose channels each count from 1, whose channel is
   * then compared.
   */
  private readonly byNumber = new Map<number, ConnectionTracker[]>();
  /**
   * Per channel, its open connections that no other socket has displaced yet: once one has been told,
   * telling it again changes nothing, so each connection is told at most once.
   */
  private readonly undisplaced = new Map<string, Set<ConnectionTracker>>();
  private openedCount = 0;
  /** Raw mono of the latest open of the run. */
  private latestOpen = Number.NEGATIVE_INFINITY;
  private clientStalls = new ClientStalls();

  /** The run's client stalls, which every connection of the run asks at its close. */
  get stalls(): ClientStalls {
    return this.clientStalls;
  }

  get(channel: string, conn: number): ConnectionTracker | undefined {
    const trackers = this.byNumber.get(conn);
    if (trackers === undefined) return undefined;
    for (const tracker of trackers) if (tracker.identity.channel === channel) return tracker;
    return undefined;
  }

  /** Starts following a connection, in place of any other under the same channel and number. */
  add(tracker: ConnectionTracker): ConnectionTracker {
    const { channel, connection } = tracker.identity;
    const trackers = this.byNumber.get(connection);
    if (trackers === undefined) {
      this.byNumber.set(connection, [tracker]);
      return tracker;
    }
    const at = trackers.findIndex((other) => other.identity.channel === channel);
    if (at === -1) trackers.push(tracker);
    else {
      this.forget(trackers[at] as ConnectionTracker);
      trackers[at] = tracker;
    }
    return tracker;
  }

  /** Stops following a connection (it closed) and returns what was known of it. */
  remove(channel: string, conn: number): ConnectionTracker | undefined {
    const trackers = this.byNumber.get(conn);
    const at = trackers?.findIndex((tracker) => tracker.identity.channel === channel) ?? -1;
    if (trackers === undefined || at === -1) return undefined;
    const [tracker] = trackers.splice(at, 1) as [ConnectionTracker];
    if (trackers.length === 0) this.byNumber.delete(conn);
    this.forget(tracker);
    return tracker;
  }

  /** Forgets every connection (a new run or log begins); returns how many had opened and never closed. */
  clear(): number {
    const leftOpen = this.openedCount;
    this.byNumber.clear();
    this.undisplaced.clear();
    this.openedCount = 0;
    this.latestOpen = Number.NEGATIVE_INFINITY;
    this.clientStalls = new ClientStalls();
    return leftOpen;
  }

  countOpened(): number {
    return this.openedCount;
  }

  /**
   * Whether any connection still open opened after raw `mono`. Asked with the latest closure's `mono`: a
   * connection that opened after it and has closed since would itself be a later closure, so in a log
   * written in order the latest open of the run answers it.
   */
  anyOpenedAfter(mono: number): boolean {
    return this.latestOpen > mono;
  }

  /**
   * `opened` has just opened: protocol.md, a second socket on a channel disconnects the first, so every
   * other open connection on its channel is told.
   */
  opened(opened: ConnectionTracker): void {
    this.openedCount += 1;
    this.latestOpen = Math.max(this.latestOpen, opened.openedAtMono ?? this.latestOpen);
    const channel = opened.identity.channel;
    const others = this.undisplaced.get(channel);
    if (others) for (const other of others) if (other !== opened) other.otherSocket();
    this.undisplaced.set(channel, new Set([opened]));
  }

  /** The client reported an event-loop delay of `delayMs` (raw, over zero) over the window ending at raw `mono`. */
  stalled(delayMs: number, mono: number): void {
    this.clientStalls.delayed(delayMs, mono);
  }

  /** The client's wall clock jumped by `jumpMs` (raw, not zero) against its monotonic one. */
  jumped(jumpMs: number): void {
    this.clientStalls.jumped(jumpMs);
  }

  private forget(tracker: ConnectionTracker): void {
    if (tracker.opened) this.openedCount -= 1;
    const channel = tracker.identity.channel;
    const others = this.undisplaced.get(channel);
    if (!others?.delete(tracker) || others.size > 0) return;
    this.undisplaced.delete(channel);
  }
}

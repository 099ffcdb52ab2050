import type { ConnectionTracker } from './connection-tracker.js';

/**
 * The connections of the current run that have not closed, by channel and connection number (`channel`
 * + `conn` names one WebSocket connection within a run). Only these are held in memory.
 */
export class OpenConnections {
  private readonly byKey = new Map<string, ConnectionTracker>();

  get(channel: string, conn: number): ConnectionTracker | undefined {
    return this.byKey.get(keyOf(channel, conn));
  }

  /** Starts following a connection, in place of any other under the same channel and number. */
  add(tracker: ConnectionTracker): ConnectionTracker {
    this.byKey.set(keyOf(tracker.identity.channel, tracker.identity.connection), tracker);
    return tracker;
  }

  /** Stops following a connection (it closed) and returns what was known of it. */
  remove(channel: string, conn: number): ConnectionTracker | undefined {
    const key = keyOf(channel, conn);
    const tracker = this.byKey.get(key);
    this.byKey.delete(key);
    return tracker;
  }

  /** Forgets every connection (a new run or log begins); returns how many had opened and never closed. */
  clear(): number {
    const leftOpen = this.countOpened();
    this.byKey.clear();
    return leftOpen;
  }

  countOpened(): number {
    let count = 0;
    for (const tracker of this.byKey.values()) if (tracker.opened) count += 1;
    return count;
  }

  *opened(): Iterable<ConnectionTracker> {
    for (const tracker of this.byKey.values()) if (tracker.opened) yield tracker;
  }

  /** Whether any connection still open opened after raw `mono`. */
  anyOpenedAfter(mono: number): boolean {
    for (const tracker of this.opened()) if ((tracker.openedAtMono ?? mono) > mono) return true;
    return false;
  }

  /** `opened` has just opened: protocol.md, a second socket on a channel disconnects the first. */
  secondSocket(opened: ConnectionTracker): void {
    for (const other of this.opened()) {
      if (other !== opened && other.identity.channel === opened.identity.channel) other.otherSocket();
    }
  }

  /**
   * The client reported an event-loop delay of `delayMs` (raw) at raw `mono`. The window's worst stall
   * may have come before a connection's last frame: at most the part of the window after that frame can
   * have hidden anything from it.
   */
  stalled(delayMs: number, mono: number): void {
    for (const tracker of this.opened()) tracker.stalled(Math.min(delayMs, mono - (tracker.silenceStart ?? mono)));
  }

  /** The client's wall clock jumped by `jumpMs` (raw) against its monotonic one. */
  jumped(jumpMs: number): void {
    for (const tracker of this.opened()) tracker.jumped(jumpMs);
  }
}

function keyOf(channel: string, conn: number): string {
  return `${channel}#${conn}`;
}

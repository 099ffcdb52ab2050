import type { RunEndReason } from '../events/types.js';
import { StopLatch } from './stop-latch.js';

/**
 * What the lanes of one run share: connection numbers (every new connection, on any channel, takes the
 * next), the closure count against `--closures`, whether any connection has opened yet, and the stop.
 */
export class RunState {
  private readonly latch = new StopLatch();
  private lastConn = 0;
  private closureCount = 0;
  private anyOpened = false;

  constructor(private readonly maxClosures: number | null) {}

  /** The number of the run's next connection, from 1. */
  nextConnection(): number {
    this.lastConn += 1;
    return this.lastConn;
  }

  /** Counts a closure, stopping the run when it makes `--closures`; true when the run is stopping. */
  countClosure(): boolean {
    this.closureCount += 1;
    if (this.maxClosures !== null && this.closureCount >= this.maxClosures) this.stop('closures');
    return this.stopReason !== null;
  }

  get closures(): number {
    return this.closureCount;
  }

  /** A connection opened: from now on errors are logged and retried rather than ending the run. */
  markOpened(): void {
    this.anyOpened = true;
  }

  get hasOpened(): boolean {
    return this.anyOpened;
  }

  /** Stops the run; the first reason wins. */
  stop(reason: RunEndReason): void {
    this.latch.stop(reason);
  }

  /** Why the run is stopping, or null while it goes on. */
  get stopReason(): RunEndReason | null {
    return this.latch.reason;
  }

  /** Resolves when the run is asked to stop. */
  get stopped(): Promise<RunEndReason> {
    return this.latch.stopped;
  }
}

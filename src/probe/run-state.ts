import type { EventBus } from '../events/bus.js';
import type { RunEndReason } from '../events/types.js';
import { UNEXPECTED_FAILURE_CODE, UnexpectedFailure } from './failure.js';
import { StopLatch } from './stop-latch.js';

/**
 * What the lanes of one run share: connection numbers (every new connection, on any channel, takes the
 * next), the closure count against `--closures`, whether any connection has opened yet, and the stop,
 * with the bug that caused it if one did.
 */
export class RunState {
  private readonly latch = new StopLatch();
  private lastConn = 0;
  private closureCount = 0;
  private anyOpened = false;
  private bug: UnexpectedFailure | null = null;

  constructor(
    private readonly maxClosures: number | null,
    private readonly bus: EventBus,
  ) {}

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

  /**
   * Something threw that the probe has no name for (src/probe/failure.ts): a bug, which no retry mends.
   * The run stops, and the stack goes to the log at once, next to what the run was doing.
   */
  fail(thrown: unknown): void {
    if (this.bug) return;
    this.bug = new UnexpectedFailure(thrown);
    this.bus.publish({
      event: 'error',
      code: UNEXPECTED_FAILURE_CODE,
      message: this.bug.message,
      stack: this.bug.thrownStack,
    });
    this.stop('error');
  }

  /** The bug that ended the run, if one did. */
  get failure(): UnexpectedFailure | null {
    return this.bug;
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

import type { EventBus } from '../events/bus.js';
import type { RunEndReason } from '../events/types.js';
import { UNEXPECTED_FAILURE_CODE, UnexpectedFailure } from './failure.js';
import { type StopScope, untilAborted } from './stop-scope.js';

/**
 * What the lanes of one run share: connection numbers (every new connection, on any channel, takes the
 * next), the closure count against `--closures`, whether any connection has opened yet, and the stop,
 * with the bug that caused it if one did.
 */
export class RunState {
  private readonly stopper = new AbortController();
  private stoppedWith: RunEndReason | null = null;
  private lastConn = 0;
  private closureCount = 0;
  private anyOpened = false;
  private bug: UnexpectedFailure | null = null;
  /** The lanes' stops, aborted with the run's; held here, not as listeners on the run's signal. */
  private readonly scopes = new Set<AbortController>();

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

  /**
   * Stops the run; the first reason wins (a Ctrl-C during the last closure still reads as a signal), and
   * everything waiting on the run wakes at once: `untilStopped` waits and REST calls on `signal`.
   */
  stop(reason: RunEndReason): void {
    if (this.stoppedWith) return;
    this.stoppedWith = reason;
    this.stopper.abort();
    for (const scope of this.scopes) scope.abort();
    this.scopes.clear();
  }

  /**
   * A stop of one lane's own, aborted with the run's (src/probe/stop-scope.ts): twenty lanes waiting on the
   * run's one signal put sixty listeners on it, and Node warns of a leak past ten.
   */
  scope(): StopScope {
    const controller = new AbortController();
    if (this.stoppedWith) controller.abort();
    else this.scopes.add(controller);
    const { signal } = controller;
    return {
      signal,
      untilStopped: (work) => untilAborted(signal, work),
      release: () => {
        this.scopes.delete(controller);
      },
    };
  }

  /** Why the run is stopping, or null while it goes on. */
  get stopReason(): RunEndReason | null {
    return this.stoppedWith;
  }

  /** Aborted when the run stops: REST calls in flight are cancelled with it. */
  get signal(): AbortSignal {
    return this.stopper.signal;
  }

  /**
   * `work`'s result, or null when the run stops first. A run lives for days and makes thousands of
   * connections: each wait takes its listener off the stop again when it ends, so nothing long-lived keeps
   * a closed connection (its session, WebSocket and socket) reachable.
   */
  untilStopped<T>(work: Promise<T>): Promise<T | null> {
    return untilAborted(this.stopper.signal, work);
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
}

import type { RunEndReason } from '../events/types.js';

/**
 * The run's single "we are stopping" fact: the first reason wins (a Ctrl-C during the last closure still
 * reads as a signal), and everyone waiting on `stopped` wakes at once.
 */
export class StopLatch {
  readonly stopped: Promise<RunEndReason>;
  private resolveStopped!: (reason: RunEndReason) => void;
  private stoppedWith: RunEndReason | null = null;

  constructor() {
    this.stopped = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
  }

  get reason(): RunEndReason | null {
    return this.stoppedWith;
  }

  stop(reason: RunEndReason): void {
    if (this.stoppedWith) return;
    this.stoppedWith = reason;
    this.resolveStopped(reason);
  }
}

import type { EventOf, ProbeEvent } from '../events/types.js';

/** A closure as the live view shows it the moment its `close` is read, before the analysis gives its cause. */
export interface LiveClosure {
  /** From 1, across the whole followed log. */
  number: number;
  close: EventOf<'close'>;
  /** Scenario milliseconds from `open` to `close`; null when the open was not in the log. */
  openForMs: number | null;
}

/**
 * What the live view of a followed log needs, counted from the events as they arrive: connections open
 * now, closures so far and the time of the last event. The causes come from the analyzer at the end.
 */
export class FollowProgress {
  events = 0;
  closures = 0;
  lastTime: string | null = null;
  private timeScale = 1;
  private readonly openedAt = new Map<number, number>();

  /** The closure the event is, if it is one: a close by anything but the run itself. */
  push(event: ProbeEvent): LiveClosure | null {
    this.events += 1;
    this.lastTime = event.time;
    if (event.event === 'run-start') {
      // Connection numbers start again with each run appended to the log.
      this.openedAt.clear();
      this.timeScale = event.timeScale;
    } else if (event.event === 'open') {
      this.openedAt.set(event.conn, event.mono);
    } else if (event.event === 'close') {
      const opened = this.openedAt.get(event.conn);
      this.openedAt.delete(event.conn);
      // The run closing its own connections as it stops is not a closure (the summary lists them apart).
      if (event.by === 'probe') return null;
      this.closures += 1;
      return {
        number: this.closures,
        close: event,
        openForMs: opened === undefined ? null : (event.mono - opened) * this.timeScale,
      };
    }
    return null;
  }

  get open(): number {
    return this.openedAt.size;
  }
}

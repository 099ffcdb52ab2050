import type { ProbeEvent } from '../events/types.js';

/**
 * Lines for the person watching about lanes that cannot see: the first failed attempt of each streak (a
 * lane that lost its connection, or never got one, and cannot connect). One line per streak, however many
 * attempts it takes, so an outage on many lanes does not flood the terminal; the summary counts every
 * attempt and the blind time, and a lane that gives up ends the run with its own message.
 */
export class LaneNotices {
  /** Each lane's latest failed attempt, until the lane retries it or connects. */
  private readonly failed = new Map<number, { cause: string; message: string }>();
  /** Lanes in a streak of failed attempts already announced. */
  private readonly announced = new Set<number>();
  /** The lane of each connection being made, so an `open` ends its lane's streak. */
  private readonly laneOf = new Map<string, number>();

  notice(event: ProbeEvent): string | null {
    switch (event.event) {
      case 'connecting':
        if (event.lane !== undefined) this.laneOf.set(`${event.channel}#${event.conn}`, event.lane);
        return null;
      case 'open': {
        const key = `${event.channel}#${event.conn}`;
        const lane = this.laneOf.get(key);
        this.laneOf.delete(key);
        if (lane !== undefined) this.announced.delete(lane);
        return null;
      }
      case 'error':
        if (event.lane !== undefined)
          this.failed.set(event.lane, { cause: event.cause ?? event.code, message: event.message });
        return null;
      case 'reconnect': {
        // Only a failure the lane retries is news here: one it cannot get past ends the run with its message.
        const failure = event.lane === undefined ? undefined : this.failed.get(event.lane);
        if (event.lane === undefined || !failure) return null;
        this.failed.delete(event.lane);
        if (this.announced.has(event.lane)) return null;
        this.announced.add(event.lane);
        return `lane ${event.lane} cannot connect (${failure.cause}): ${failure.message} Retrying with backoff; the summary counts the time it is blind.`;
      }
      default:
        return null;
    }
  }
}

import type { Clock } from '../clock/clock.js';
import { round } from '../clock/round.js';
import type { ProbeEvent, ProbeEventBody } from './types.js';

export type EventListener = (event: ProbeEvent) => void;

/**
 * The one fan-out point. `publish` stamps an event once (so every subscriber sees the same time) and
 * hands it to each subscriber in subscription order. The log subscribes first, so an event is written
 * before anything reacts to it; a subscriber that throws is reported and does not stop the others.
 */
export class EventBus {
  private readonly listeners: EventListener[] = [];
  private readonly startMono: number;

  constructor(
    private readonly clock: Clock,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {
    this.startMono = clock.monoNow();
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * `happenedAt`, a reading of the clock's monotonic time, is when the event happened, for a caller that
   * does work between the moment and the publish (a frame read and classified): the stamp is that moment.
   */
  publish(body: ProbeEventBody, happenedAt?: number): ProbeEvent {
    const event = { ...body, ...this.stamp(happenedAt) } as ProbeEvent;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return event;
  }

  /** Milliseconds since the run started, on the monotonic clock. */
  elapsed(): number {
    return this.elapsedAt(this.clock.monoNow());
  }

  /** The same for an earlier reading of the clock's monotonic time (when something happened). */
  elapsedAt(reading: number): number {
    return reading - this.startMono;
  }

  private stamp(happenedAt?: number): { time: string; mono: number } {
    const now = this.clock.monoNow();
    const at = happenedAt ?? now;
    return {
      time: new Date(this.clock.wallNow() - (now - at)).toISOString(),
      mono: round(at - this.startMono, 3),
    };
  }
}

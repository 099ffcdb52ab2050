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

  publish(body: ProbeEventBody): ProbeEvent {
    const event = { ...body, ...this.stamp() } as ProbeEvent;
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
    return this.clock.monoNow() - this.startMono;
  }

  private stamp(): { time: string; mono: number } {
    return {
      time: new Date(this.clock.wallNow()).toISOString(),
      mono: round(this.elapsed(), 3),
    };
  }
}

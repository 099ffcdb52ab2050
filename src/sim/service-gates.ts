import type { Clock } from '../clock/clock.js';
import { ALL_CHANNELS } from './trigger-schema.js';

/** A REST answer a throttle forces: the status and its Retry-After in scenario seconds. */
export interface ThrottleAnswer {
  status: 429 | 503;
  retryAfter: number;
}

interface Throttle {
  status: 429 | 503;
  /** Null: the seconds left of the throttle. */
  retryAfter: number | null;
  /** Monotonic real time it ends. */
  until: number;
}

/**
 * The service's doors a trigger may shut for a while: WebSocket upgrades refused (for one channel or all)
 * and REST calls answered 429 or 503 (for one channel's owner or everyone). Windows are given in scenario
 * time and held in real time; Retry-After is in scenario seconds, like every interval a client is told.
 */
export class ServiceGates {
  /** Channel id or `*` -> monotonic real time the refusal ends. */
  private readonly refusals = new Map<string, number>();
  /** Channel owner key or `*` -> the throttle. */
  private readonly throttles = new Map<string, Throttle>();

  constructor(
    private readonly clock: Clock,
    private readonly timeScale: number,
  ) {}

  refuse(channel: string, forScenarioMs: number): void {
    this.refusals.set(channel, this.clock.monoNow() + forScenarioMs / this.timeScale);
  }

  /** Retry-After (scenario seconds) when an upgrade to this channel is to be refused now, else null. */
  refusal(channel: string): number | null {
    const until = Math.max(this.refusals.get(channel) ?? 0, this.refusals.get(ALL_CHANNELS) ?? 0);
    return until > this.clock.monoNow() ? this.secondsLeft(until) : null;
  }

  throttle(owner: string, status: 429 | 503, retryAfter: number | null, forScenarioMs: number): void {
    this.throttles.set(owner, { status, retryAfter, until: this.clock.monoNow() + forScenarioMs / this.timeScale });
  }

  /** The answer a REST call of this channel owner gets now, or null when no throttle holds. */
  throttled(owner: string): ThrottleAnswer | null {
    const now = this.clock.monoNow();
    const held = [this.throttles.get(owner), this.throttles.get(ALL_CHANNELS)].filter(
      (throttle): throttle is Throttle => throttle !== undefined && throttle.until > now,
    );
    const throttle = held[0];
    if (!throttle) return null;
    return { status: throttle.status, retryAfter: throttle.retryAfter ?? this.secondsLeft(throttle.until) };
  }

  private secondsLeft(until: number): number {
    return Math.max(1, Math.ceil(((until - this.clock.monoNow()) * this.timeScale) / 1000));
  }
}

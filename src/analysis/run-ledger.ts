import type { EventOf } from '../events/types.js';
import type { ClosureSignals } from './closure-signals.js';
import { scenarioMs } from './scenario-time.js';

/** What the run, rather than the connection, says about a close. */
export type RunSignals = Pick<
  ClosureSignals,
  'channelAgeMs' | 'tokenExpiryOffsetMs' | 'tokenIdleOffsetMs' | 'channelsAtLimit' | 'healthReported'
>;

/** How many of a run's tokens are remembered: renewals come hours apart, so this covers any real run. */
const TOKENS_KEPT = 32;

/**
 * What one run said about its channels and tokens, so a closure can be set against them: when each channel
 * was created or last subscribed, when each token expires, and whether the user's channels were at the
 * limit. Channel entries are dropped when the run ends; a run has a handful of channels.
 * Times are raw `mono` values of this run; the `timeScale` turns them into scenario time.
 */
export class RunLedger {
  private readonly channelSince = new Map<string, number>();
  /** Raw mono at which each token expires. */
  private readonly tokenExpiries: number[] = [];
  private atLimit: boolean | null = null;
  private healthSeen = false;
  /** The org's idle token timeout as the service stated it (scenario time), when the run asked. */
  private idleTimeoutMs: number | null = null;
  /** Raw mono of the run's last REST call with its token: the idle token timer counts from there. */
  private lastApiUse: number | null = null;

  constructor(private readonly timeScale: number) {}

  channelCreated(channel: string, mono: number): void {
    this.channelSince.set(channel, mono);
  }

  /** Subscribing again extends a channel's life (protocol.md), so its 24 h count from here. */
  channelExtended(channel: string, mono: number): void {
    if (this.channelSince.has(channel)) this.channelSince.set(channel, mono);
  }

  token(event: EventOf<'token'>): void {
    // expires_in is the service's figure, in scenario time under a simulator; mono runs in real time.
    if (event.expiresInMs === null) return;
    this.tokenExpiries.push(event.mono + event.expiresInMs / this.timeScale);
    if (this.tokenExpiries.length > TOKENS_KEPT) this.tokenExpiries.shift();
  }

  tokenIdle(event: EventOf<'token-idle'>): void {
    if (event.idleTimeoutEnabled !== false && event.idleTimeoutMs !== null) this.idleTimeoutMs = event.idleTimeoutMs;
  }

  /** An event that stands for a REST call made with the run's token (each resets the idle token timer). */
  apiUsed(mono: number): void {
    this.lastApiUse = mono;
  }

  channelCount(event: EventOf<'channels'>): void {
    this.atLimit = event.existing + event.planned > event.limit || event.existing >= event.limit;
  }

  healthReported(): void {
    this.healthSeen = true;
  }

  /** The run-level facts about a close on `channel` at raw `mono`, in scenario time. */
  signalsAt(channel: string, mono: number): RunSignals {
    const since = this.channelSince.get(channel);
    let nearest: number | null = null;
    for (const expiry of this.tokenExpiries) {
      const offset = mono - expiry;
      if (nearest === null || Math.abs(offset) < Math.abs(nearest)) nearest = offset;
    }
    return {
      channelAgeMs: since === undefined ? null : this.scaled(mono - since),
      tokenExpiryOffsetMs: nearest === null ? null : this.scaled(nearest),
      tokenIdleOffsetMs:
        this.idleTimeoutMs === null || this.lastApiUse === null
          ? null
          : this.scaled(mono - this.lastApiUse) - this.idleTimeoutMs,
      channelsAtLimit: this.atLimit,
      healthReported: this.healthSeen,
    };
  }

  private scaled(raw: number): number {
    return scenarioMs(raw, this.timeScale);
  }
}

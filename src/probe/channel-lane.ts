import { type KeepaliveStrategy, keepaliveLabel } from '../channel/keepalive.js';
import type { SessionClosed } from '../channel/session.js';
import { UpgradeRefusedError } from '../channel/socket-data.js';
import type { IdleprobeError } from '../errors.js';
import { GenesysHttpError } from '../genesys/http.js';
import type { Channel, NotificationsApi } from '../genesys/notifications-api.js';
import { attemptCause } from './attempt-cause.js';
import { backoffDelay } from './backoff.js';
import { knownFailure } from './failure.js';
import type { LaneContext } from './lane-context.js';
import { LaneStopped } from './lane-stopped.js';
import { isPassingTrouble, obeyedRetryAfter, retryAfterOf, STARTUP_ATTEMPTS } from './passing-trouble.js';
import { explainRefusedUpgrade, mayHideStrippedUpgrade } from './refused-upgrade.js';
import { keepChannelSubscribed } from './resubscriber.js';
import type { StopScope } from './stop-scope.js';
import { pastedTokenRejected } from './token-rejection.js';
import { LastInbound, watchConnection } from './watch-connection.js';

/**
 * One channel at a time under one keepalive strategy: create, subscribe, connect, watch until it closes,
 * then reconnect as the policy says (the same channel while it exists, a new one, or not at all), with
 * backoff, until the run stops. Each reconnect records how long events could have been lost, and each
 * failed attempt is logged with the lane and what it ran into, so the time the lane was blind is counted.
 */
export class ChannelLane {
  private readonly lastInbound = new LastInbound();
  private reservedFirst = true;
  /** The lane's latest connection number; 0 before the first. */
  private lastConn = 0;
  /** The lane's latest channel id; empty before the first. */
  private lastChannel = '';
  /** The lane's share of the run's stop: its waits and REST calls listen on it, not on the run's signal. */
  private readonly stop: StopScope;

  constructor(
    private readonly strategy: KeepaliveStrategy,
    /** The lane's number in the run, from 1. */
    private readonly lane: number,
    private readonly context: LaneContext,
  ) {
    this.stop = context.run.scope();
  }

  /** The REST client on the run's current token, its calls cancelled by the lane's stop. */
  private api(): NotificationsApi {
    return this.context.tokens.api().withSignal(this.stop.signal);
  }

  async run(): Promise<void> {
    const { config, run, time, bus } = this.context;
    bus.publish({ event: 'lane-start', lane: this.lane, keepalive: keepaliveLabel(this.strategy) });
    let channel: Channel | null = null;
    let keeper: { stop(): void } | null = null;
    let attempt = 0;
    let retryAfterMs: number | null = null;
    try {
      while (!run.stopReason) {
        if (attempt > 0) {
          const backoffMs = backoffDelay(attempt, config.backoff, this.context.random, retryAfterMs);
          bus.publish({
            event: 'reconnect',
            channel: channel?.id ?? this.lastChannel,
            conn: this.lastConn,
            attempt,
            delayMs: time.toRealMs(backoffMs, 'backoff'),
            target: channel ? 'same' : 'new',
            lane: this.lane,
          });
          if (await this.sleepUnlessStopped(backoffMs)) return;
        }
        attempt += 1;
        retryAfterMs = null;
        try {
          if (!channel) {
            keeper?.stop();
            keeper = null;
            channel = await this.createChannel();
          }
          // Subscribing is a step of its own so that a failed subscription is retried on the same channel
          // instead of leaving it behind and spending another of the 20.
          if (!keeper) {
            await this.subscribe(channel);
            keeper = keepChannelSubscribed({
              channel,
              topics: this.context.topics,
              api: () => this.api(),
              bus,
              clock: time.clock,
              run,
            });
          }
          if (run.stopReason) return;
          const closed = await this.connectOnce(channel);
          if (!closed) return;
          attempt = 1;
          if (run.countClosure()) return;
          if (config.reconnect === 'off') {
            bus.publish({ event: 'lane-end', lane: this.lane, reason: 'done' });
            return;
          }
          // Evidence as much as routing: a channel gone right after a closure was expired or evicted.
          const exists = await this.api().channelExists(channel.id);
          bus.publish({ event: 'channel-check', channel: channel.id, conn: this.lastConn, exists });
          if (!exists || config.reconnect === 'new') channel = null;
        } catch (caught) {
          const next = await this.afterFailure(caught, channel, attempt);
          if (!next) return;
          ({ channel, retryAfterMs } = next);
        }
      }
    } finally {
      keeper?.stop();
      this.stop.release();
    }
  }

  /**
   * A failed attempt: logged with the lane and what it ran into, then retried or not. Returns the channel
   * and the service's `Retry-After` for the next attempt, null when the run is stopping; throws what the
   * lane cannot get past.
   */
  private async afterFailure(
    caught: unknown,
    channel: Channel | null,
    attempt: number,
  ): Promise<{ channel: Channel | null; retryAfterMs: number | null } | null> {
    const { run, bus, tokens } = this.context;
    const known = knownFailure(caught);
    // A bug is not retried: it ends the run (src/probe/failure.ts).
    if (!known) throw caught;
    // A stop aborts the REST calls in flight: what that abort throws is not an error of the lane.
    if (run.stopReason) return null;
    const { error, channelGone } = await this.explain(known, channel);
    if (run.stopReason) return null;
    bus.publish({
      event: 'error',
      code: error.code,
      message: error.message,
      ...(channel ? { channel: channel.id } : {}),
      lane: this.lane,
      cause: attemptCause(error),
    });
    const refusedToken = error instanceof GenesysHttpError && error.status === 401;
    // A pasted token cannot be renewed: say why it was refused, which may be the very finding.
    if (refusedToken && !tokens.canRenew) throw this.stopped(pastedTokenRejected(tokens.quiet()));
    if (!this.mayRetry(error, attempt)) throw this.stopped(error);
    if (refusedToken && !(await this.renewToken())) return null;
    return {
      channel: channelGone ? null : channel,
      retryAfterMs: obeyedRetryAfter(retryAfterOf(error), bus, this.lane),
    };
  }

  private async createChannel(): Promise<Channel> {
    const { bus, budget } = this.context;
    // The run reserved every lane's first channel at once; later ones are counted one by one.
    if (!this.reservedFirst) await budget.reserve(1, this.api());
    this.reservedFirst = false;
    const channel = await this.api().createChannel();
    this.lastChannel = channel.id;
    bus.publish({
      event: 'channel',
      channel: channel.id,
      expires: channel.expires,
      connectUri: channel.connectUri,
    });
    return channel;
  }

  private async subscribe(channel: Channel): Promise<void> {
    const { bus, topics } = this.context;
    if (topics.length > 0) {
      const result = await this.api().replaceSubscriptions(channel.id, topics);
      bus.publish({
        event: 'subscribe',
        channel: channel.id,
        topics: result.map((t) => ({
          id: t.id,
          state: t.state ?? 'Permitted',
          ...(t.rejectionReason ? { rejectionReason: t.rejectionReason } : {}),
        })),
      });
    }
  }

  /**
   * Renews a client-credentials token after a 401. A login that fails for now (a blip, a 5xx) is logged and
   * the lane goes on with its backoff; false only when the run is stopping.
   */
  private async renewToken(): Promise<boolean> {
    try {
      return await this.context.tokens.renew();
    } catch (caught) {
      const error = knownFailure(caught);
      if (!error) throw caught;
      this.context.bus.publish({
        event: 'error',
        code: error.code,
        message: `could not renew the token: ${error.message}`,
      });
      return true;
    }
  }

  /**
   * Once a connection has opened, a long soak must survive any blip. Before that, only what may pass by
   * itself is retried, a few times (a 5xx, a 429, a network error); a refused token, a missing permission
   * or a usage mistake will not mend, so it ends the run at once with its message.
   */
  private mayRetry(error: IdleprobeError, attempt: number): boolean {
    if (error.code === 'IDLEPROBE_ERR_CONFIG' || error.code === 'IDLEPROBE_ERR_USAGE') return false;
    if (this.context.run.hasOpened) return true;
    if (attempt >= STARTUP_ATTEMPTS) return false;
    return isPassingTrouble(error);
  }

  /**
   * What a failed attempt means for the channel. A refused upgrade that may hide a stripped `Upgrade`
   * header is checked against the channel first (HEAD), so a channel that exists is never called gone and
   * the path is named instead; `channelGone` says whether the next attempt needs a new channel.
   */
  private async explain(
    error: IdleprobeError,
    channel: Channel | null,
  ): Promise<{ error: IdleprobeError; channelGone: boolean }> {
    if (error instanceof GenesysHttpError) return { error, channelGone: error.status === 404 };
    if (!(error instanceof UpgradeRefusedError)) return { error, channelGone: error.code === 'IDLEPROBE_ERR_CHANNEL' };
    if (!channel || !mayHideStrippedUpgrade(error)) {
      return { error, channelGone: error.status === 401 || error.status === 403 };
    }
    const exists = await this.checkChannel(channel);
    const proxy = this.context.proxyFor?.(channel.connectUri) ?? null;
    const after = exists === null ? null : exists ? 'exists' : 'gone';
    return { error: explainRefusedUpgrade(error, after, proxy), channelGone: exists === false };
  }

  /** HEADs the channel and logs what it said; null when the check itself failed. */
  private async checkChannel(channel: Channel): Promise<boolean | null> {
    try {
      const exists = await this.api().channelExists(channel.id);
      this.context.bus.publish({ event: 'channel-check', channel: channel.id, conn: this.lastConn, exists });
      return exists;
    } catch (caught) {
      if (!knownFailure(caught)) throw caught;
      return null;
    }
  }

  /** The lane cannot go on: logged as its end, and thrown to end the run, naming the lane when there are several. */
  private stopped(error: IdleprobeError): LaneStopped {
    const { lanes, bus } = this.context;
    bus.publish({ event: 'lane-end', lane: this.lane, reason: 'failed', message: error.message });
    const prefix = lanes > 1 ? `lane ${this.lane} of ${lanes} (keepalive ${keepaliveLabel(this.strategy)}): ` : '';
    return new LaneStopped(this.lane, error, prefix);
  }

  /** Opens one connection and waits for its end; null when the run stopped first. */
  private async connectOnce(channel: Channel): Promise<SessionClosed | null> {
    const conn = this.context.run.nextConnection();
    this.lastConn = conn;
    return watchConnection(this.context, {
      channel,
      conn,
      lane: this.lane,
      strategy: this.strategy,
      lastInbound: this.lastInbound,
      stop: this.stop,
    });
  }

  /** Waits `scenarioMs` of scenario time; true when the run was stopped meanwhile. */
  private async sleepUnlessStopped(scenarioMs: number): Promise<boolean> {
    let timer: { cancel(): void } | undefined;
    const slept = new Promise<true>((resolve) => {
      timer = this.context.time.after(scenarioMs, () => resolve(true), 'backoff');
    });
    const woke = await this.stop.untilStopped(slept);
    timer?.cancel();
    return woke === null;
  }
}

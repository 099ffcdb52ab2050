import type { KeepaliveStrategy } from '../channel/keepalive.js';
import type { SessionClosed } from '../channel/session.js';
import { IdleprobeError } from '../errors.js';
import { GenesysHttpError } from '../genesys/http.js';
import type { Channel } from '../genesys/notifications-api.js';
import { backoffDelay } from './backoff.js';
import { knownFailure } from './failure.js';
import type { LaneContext } from './lane-context.js';
import { keepChannelSubscribed } from './resubscriber.js';
import { LastInbound, watchConnection } from './watch-connection.js';

/** How often a lane tries to open its first connection through passing trouble before giving up. */
const STARTUP_ATTEMPTS = 3;

/**
 * One channel at a time under one keepalive strategy: create, subscribe, connect, watch until it closes,
 * then reconnect as the policy says (the same channel while it exists, a new one, or not at all), with
 * backoff, until the run stops. Each reconnect records how long events could have been lost.
 */
export class ChannelLane {
  private readonly lastInbound = new LastInbound();
  private reservedFirst = true;
  /** The lane's latest connection number; 0 before the first. */
  private lastConn = 0;
  /** The lane's latest channel id; empty before the first. */
  private lastChannel = '';

  constructor(
    private readonly strategy: KeepaliveStrategy,
    private readonly context: LaneContext,
  ) {}

  async run(): Promise<void> {
    const { config, run, time, bus, tokens } = this.context;
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
            delayMs: time.toRealMs(backoffMs),
            target: channel ? 'same' : 'new',
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
              api: () => tokens.api(),
              bus,
              clock: time.clock,
              run,
            });
          }
          if (run.stopReason) return;
          const closed = await this.connectOnce(channel);
          if (!closed) return;
          attempt = 1;
          if (run.countClosure() || config.reconnect === 'off') return;
          // Evidence as much as routing: a channel gone right after a closure was expired or evicted.
          const exists = await tokens.api().channelExists(channel.id);
          bus.publish({ event: 'channel-check', channel: channel.id, conn: this.lastConn, exists });
          if (!exists || config.reconnect === 'new') channel = null;
        } catch (caught) {
          const error = knownFailure(caught);
          // A bug is not retried: it ends the run (src/probe/failure.ts).
          if (!error) throw caught;
          // A stop aborts the REST calls in flight: what that abort throws is not an error of the lane.
          if (run.stopReason) return;
          if (!this.mayRetry(error, attempt)) throw error;
          bus.publish({
            event: 'error',
            code: error.code,
            message: error.message,
            ...(channel ? { channel: channel.id } : {}),
          });
          if (caught instanceof GenesysHttpError) {
            retryAfterMs = caught.retryAfterMs;
            if (caught.status === 404) channel = null;
            if (caught.status === 401 && !(await this.renewToken())) {
              throw new IdleprobeError(
                'IDLEPROBE_ERR_AUTH',
                'the token was rejected (expired or revoked) and a pasted token cannot be renewed: get a new one and run again.',
                { cause: caught },
              );
            }
          }
          if (error.code === 'IDLEPROBE_ERR_CHANNEL') channel = null;
        }
      }
    } finally {
      keeper?.stop();
    }
  }

  private async createChannel(): Promise<Channel> {
    const { bus, budget, tokens } = this.context;
    // The run reserved every lane's first channel at once; later ones are counted one by one.
    if (!this.reservedFirst) await budget.reserve(1);
    this.reservedFirst = false;
    const channel = await tokens.api().createChannel();
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
    const { bus, topics, tokens } = this.context;
    if (topics.length > 0) {
      const result = await tokens.api().replaceSubscriptions(channel.id, topics);
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
   * Renews the token after a 401. A login that fails for now (a blip, a 5xx) is logged and the lane goes
   * on with its backoff; only a token that cannot be renewed at all (a pasted one) is false.
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
    const status = error instanceof GenesysHttpError ? error.status : null;
    return error.code === 'IDLEPROBE_ERR_NETWORK' || status === 429 || (status !== null && status >= 500);
  }

  /** Opens one connection and waits for its end; null when the run stopped first. */
  private async connectOnce(channel: Channel): Promise<SessionClosed | null> {
    const conn = this.context.run.nextConnection();
    this.lastConn = conn;
    return watchConnection(this.context, { channel, conn, strategy: this.strategy, lastInbound: this.lastInbound });
  }

  /** Waits `scenarioMs` of scenario time; true when the run was stopped meanwhile. */
  private async sleepUnlessStopped(scenarioMs: number): Promise<boolean> {
    let timer: { cancel(): void } | undefined;
    const slept = new Promise<true>((resolve) => {
      timer = this.context.time.after(scenarioMs, () => resolve(true));
    });
    const woke = await this.context.run.untilStopped(slept);
    timer?.cancel();
    return woke === null;
  }
}

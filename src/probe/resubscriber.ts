import type { Clock, Timer } from '../clock/clock.js';
import type { EventBus } from '../events/bus.js';
import type { Channel, NotificationsApi } from '../genesys/notifications-api.js';
import { knownFailure } from './failure.js';
import type { RunState } from './run-state.js';

/** Resubscribe when this share of the channel's remaining life has passed. */
const RESUBSCRIBE_AT = 0.9;
/** After a failed resubscription, try again when this share of the remaining life has passed. */
const RETRY_AT = 0.5;

/**
 * Keeps a channel from expiring: channels live 24 hours and subscribing again extends them (protocol.md).
 * Before the expiry the same topics are subscribed again and the new expiry is logged: read back from the
 * channel list when this token can see the channel there, else taken as the channel's own lifetime from
 * now (a renewed client-credentials token does not list channels an earlier token made). A failed attempt
 * is logged and tried again while there is time; a bug ends the run. A channel with no topics is left to
 * expire.
 */
export function keepChannelSubscribed(options: {
  channel: Channel;
  topics: string[];
  api: () => NotificationsApi;
  bus: EventBus;
  clock: Clock;
  run: RunState;
}): { stop(): void } {
  const { channel, topics, api, bus, clock, run } = options;
  const lifetimeMs = Date.parse(channel.expires) - clock.wallNow();
  let expiresAt = Date.parse(channel.expires);
  let timer: Timer | null = null;
  let stopped = false;
  const schedule = (share: number): void => {
    const remaining = expiresAt - clock.wallNow();
    // Retries halve the time left each time: below a thousandth of the lifetime there is no point.
    if (stopped || topics.length === 0 || !Number.isFinite(remaining) || remaining * share < lifetimeMs / 1000) return;
    timer = clock.setTimer(remaining * share, () => void resubscribe());
  };
  const resubscribe = async (): Promise<void> => {
    if (stopped) return;
    try {
      await api().replaceSubscriptions(channel.id, topics);
      const listed = (await api().listChannels('token')).find((c) => c.id === channel.id);
      const next = listed ? Date.parse(listed.expires) : clock.wallNow() + lifetimeMs;
      expiresAt = next;
      bus.publish({
        event: 'resubscribe',
        channel: channel.id,
        topics: topics.length,
        expires: Number.isFinite(next) ? new Date(next).toISOString() : null,
      });
      schedule(RESUBSCRIBE_AT);
    } catch (caught) {
      const error = knownFailure(caught);
      if (!error) {
        run.fail(caught);
        return;
      }
      bus.publish({
        event: 'error',
        code: 'IDLEPROBE_ERR_HTTP',
        message: `could not resubscribe before the channel expires: ${error.message}`,
        channel: channel.id,
      });
      schedule(RETRY_AT);
    }
  };
  schedule(RESUBSCRIBE_AT);
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}

import type { Clock, Timer } from '../clock/clock.js';
import type { EventBus } from '../events/bus.js';
import type { Channel, NotificationsApi } from '../genesys/notifications-api.js';

/** Resubscribe when this share of the channel's remaining life has passed. */
const RESUBSCRIBE_AT = 0.9;

/**
 * Keeps a channel from expiring: channels live 24 hours and subscribing again extends them (protocol.md).
 * Before the expiry the same topics are subscribed again and the new expiry, read back from the channel
 * list, is logged. A channel with no topics is left to expire: there is nothing to resubscribe.
 */
export function keepChannelSubscribed(options: {
  channel: Channel;
  topics: string[];
  api: () => NotificationsApi;
  bus: EventBus;
  clock: Clock;
}): { stop(): void } {
  const { channel, topics, api, bus, clock } = options;
  let timer: Timer | null = null;
  let stopped = false;
  const schedule = (expires: string): void => {
    const remaining = Date.parse(expires) - clock.wallNow();
    if (stopped || topics.length === 0 || !Number.isFinite(remaining)) return;
    timer = clock.setTimer(Math.max(0, remaining * RESUBSCRIBE_AT), () => void resubscribe());
  };
  const resubscribe = async (): Promise<void> => {
    if (stopped) return;
    try {
      await api().replaceSubscriptions(channel.id, topics);
      const listed = (await api().listChannels('token')).find((c) => c.id === channel.id);
      const expires = listed?.expires ?? null;
      bus.publish({ event: 'resubscribe', channel: channel.id, topics: topics.length, expires });
      if (expires) schedule(expires);
    } catch (error) {
      bus.publish({ event: 'error', code: 'IDLEPROBE_ERR_HTTP', message: `could not resubscribe before the channel expires: ${(error as Error).message}`, channel: channel.id });
    }
  };
  schedule(channel.expires);
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}

import { IdleprobeError, isIdleprobeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { NotificationsApi } from '../genesys/notifications-api.js';
import { CHANNELS_PER_OWNER } from '../protocol/limits.js';

/**
 * Keeps the run from pushing somebody else's channel out. Genesys allows 20 channels per user and OAuth
 * client and silently removes the least recently used one when a 21st is created (protocol.md), so
 * before creating channels the run counts the ones that exist, and refuses to go past the limit unless
 * told it may (`--allow-eviction`). Every process sharing the OAuth client shares the 20.
 */
export class ChannelBudget {
  constructor(
    private readonly api: () => NotificationsApi,
    private readonly allowEviction: boolean,
    private readonly bus: EventBus,
  ) {}

  /** Checks, and logs, that `planned` more channels fit. */
  async reserve(planned: number): Promise<void> {
    const existing = await this.countExisting();
    this.bus.publish({
      event: 'channels',
      existing,
      limit: CHANNELS_PER_OWNER,
      planned,
      allowEviction: this.allowEviction,
    });
    if (existing + planned <= CHANNELS_PER_OWNER || this.allowEviction) return;
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      `${existing} notification channel${existing === 1 ? '' : 's'} already exist for this user and OAuth client; ` +
        `${planned} more would pass the limit of ${CHANNELS_PER_OWNER}, and Genesys would silently remove the least recently ` +
        `used ones, perhaps an agent's. Probe with fewer channels (--channels, --keepalive), use another OAuth client, ` +
        'or add --allow-eviction if every existing channel is yours to lose.',
    );
  }

  private async countExisting(): Promise<number> {
    try {
      return await this.api().countChannels('oauthclient');
    } catch (error) {
      // A rejected token is its own, clearer story: let it through unchanged.
      if (isIdleprobeError(error, 'IDLEPROBE_ERR_AUTH')) throw error;
      if (this.allowEviction) return 0;
      throw new IdleprobeError(
        'IDLEPROBE_ERR_CONFIG',
        `could not count the existing channels (${(error as Error).message}), so creating more could evict someone ` +
          "else's. Fix the cause, or add --allow-eviction to create channels without counting.",
        { cause: error },
      );
    }
  }
}

import { IdleprobeError, isIdleprobeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { NotificationsApi } from '../genesys/notifications-api.js';
import { CHANNELS_PER_OWNER } from '../protocol/limits.js';
import { knownFailure } from './failure.js';
import { isPassingTrouble } from './passing-trouble.js';

/** Runs a call through passing trouble (src/probe/passing-trouble.ts); tests pass the call straight through. */
export type Retry = <T>(work: () => Promise<T>) => Promise<T>;

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
    private readonly retry: Retry = (work) => work(),
  ) {}

  /** Checks, and logs, that `planned` more channels fit; `api` is the caller's (a lane's, cancelled with it). */
  async reserve(planned: number, api: NotificationsApi = this.api()): Promise<void> {
    const existing = await this.countExisting(api);
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

  private async countExisting(api: NotificationsApi): Promise<number> {
    try {
      return await this.retry(() => api.countChannels('oauthclient'));
    } catch (error) {
      // A rejected token is its own, clearer story: let it through unchanged.
      if (isIdleprobeError(error, 'IDLEPROBE_ERR_AUTH')) throw error;
      if (this.allowEviction) return 0;
      const known = knownFailure(error);
      if (!known) throw error;
      // Trouble that outlasted the retries is the service's, not a reason to evict: the run ends with the
      // service's own advice (and a lane meeting it later retries it like any passing trouble).
      if (isPassingTrouble(known)) {
        throw new IdleprobeError(known.code, `could not count the existing channels: ${known.message}`, {
          cause: known,
        });
      }
      throw new IdleprobeError(
        'IDLEPROBE_ERR_CONFIG',
        `could not count the existing channels (${(error as Error).message}), so creating more could evict someone ` +
          "else's. Fix the cause, or add --allow-eviction to create channels without counting.",
        { cause: error },
      );
    }
  }
}

import { IdleprobeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { NotificationsApi } from '../genesys/notifications-api.js';
import { expandTopics, isUserContextError, needsUser } from '../genesys/topics.js';

/** What a run subscribes to when nobody said: the token's own user's presence, the agent's everyday topic. */
export const DEFAULT_USER_TOPIC = 'v2.users.{me}.presence';

/**
 * Expands `{me}` with the token's user. With no topics given, a user's token subscribes to the user's
 * presence and a client-credentials token (which has no user) subscribes to nothing: heartbeats still flow.
 */
export async function resolveTopics(
  api: NotificationsApi,
  topics: string[],
  bus: EventBus,
  retry: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<string[]> {
  const wanted = topics.length > 0 ? topics : [DEFAULT_USER_TOPIC];
  if (!needsUser(wanted)) return wanted;
  try {
    const me = await retry(() => api.me());
    bus.publish({ event: 'user', user: me.id });
    return expandTopics(wanted, me.id);
  } catch (error) {
    if (!isUserContextError(error)) throw error;
    if (topics.length === 0) return [];
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      "{me} in a topic needs a user's token, and this token has no user (client credentials). " +
        "Pass a user's token with --token, or name the user in the topic: v2.users.<user id>.presence.",
      { cause: error },
    );
  }
}

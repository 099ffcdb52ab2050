import { IdleprobeError } from '../errors.js';
import { channelSystemTopic, TOKEN_REVOKED } from '../protocol/notification-words.js';
import { clientLabel } from './journal.js';
import { CLOSE_TOKEN_GONE } from './service-policy.js';
import type { SimContext } from './sim-context.js';
import { buildSystemMessage } from './topic-events.js';

export interface RevokeOptions {
  /**
   * Whether the service then closes the sockets of the token's channels. Not published; the default
   * (true) is an assumption, false lets a test show a revocation that leaves sockets open.
   */
  closeSockets?: boolean;
}

/**
 * Revokes a token as an administrator would: REST calls with it get 401 from now on, and every connected
 * channel it created gets the documented `v2.system.token_revoked.{id}` system message (`{id}` taken to be
 * the channel id, an assumption) with `systemTopicType: token_revoked`. Returns how many channels it told.
 */
export function revokeToken(context: SimContext, value: string, options: RevokeOptions = {}): number {
  const token = context.tokens.revoke(value);
  if (!token) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_SIM',
      'The simulator never issued this token, so it cannot revoke it: pass a token it returned.',
    );
  }
  context.journal.record({ kind: 'token-revoked', channel: '', client: clientLabel(token) });
  let told = 0;
  for (const channel of context.channels.list((candidate) => candidate.token === value)) {
    const socket = channel.socket;
    if (!socket) continue;
    const topic = channelSystemTopic(TOKEN_REVOKED, channel.id);
    socket.send(
      buildSystemMessage(topic, {
        channelId: channel.id,
        systemTopicType: TOKEN_REVOKED,
        reason: 'user_tokens_revoked',
        userId: token.userId,
        oauthClientId: token.clientId,
      }),
    );
    context.journal.record({ kind: 'notification', channel: channel.id, detail: topic });
    told++;
    if (options.closeSockets ?? true)
      socket.endForChannel(CLOSE_TOKEN_GONE.code, CLOSE_TOKEN_GONE.reason, 'token-revoked');
  }
  return told;
}

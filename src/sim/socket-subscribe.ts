import { isRecord } from '../protocol/json-record.js';
import { TOPICS_PER_CHANNEL } from '../protocol/limits.js';
import { CHANNEL_LIFETIME_MS } from '../protocol/timing.js';
import type { SimContext } from './sim-context.js';
import type { SimSocketSession } from './socket-session.js';

/**
 * Subscribing over the socket, as community clients do it (observed, not documented):
 * `{"message":"subscribe","topics":[...],"correlationId":"..."}` is answered with
 * `{"result":"200","status":"subscribed","correlationId":...}`; `unsubscribe` likewise with
 * `"unsubscribed"`. A channel that is gone, or whose token expired or was revoked, answers `"404"`; a
 * malformed request or one past 1,000 topics answers `"400"` with status `"error"`.
 */
export function handleSocketMessage(
  context: SimContext,
  session: SimSocketSession,
  message: Record<string, unknown>,
): void {
  const verb = message.message;
  if (verb !== 'subscribe' && verb !== 'unsubscribe') return;
  const correlationId = typeof message.correlationId === 'string' ? message.correlationId : undefined;
  const reply = (result: '200' | '400' | '404', status: string, extra: Record<string, unknown> = {}): void => {
    session.send({ result, status, ...(correlationId === undefined ? {} : { correlationId }), ...extra });
    session.note({ kind: 'notification', detail: `${verb} reply ${result}` });
  };

  const channel = context.channels.get(session.channel.id);
  if (!channel || !context.tokens.check(channel.token).ok) {
    reply('404', 'error', { message: 'The channel does not exist, has expired, or its token is no longer valid.' });
    return;
  }
  const topics = topicList(message.topics);
  if (!topics) {
    reply('400', 'error', { message: 'topics must be a non-empty list of topic names.' });
    return;
  }
  const next = new Set(channel.topics);
  for (const topic of topics) {
    if (verb === 'subscribe') next.add(topic);
    else next.delete(topic);
  }
  if (next.size > TOPICS_PER_CHANNEL) {
    reply('400', 'error', { message: `A channel can hold at most ${TOPICS_PER_CHANNEL} topics.` });
    return;
  }
  channel.topics = next;
  context.channels.touch(channel);
  // Observed: community clients resubscribe over the socket to extend a channel's life.
  if (verb === 'subscribe') context.channels.extend(channel);
  session.note({
    kind: 'subscriptions',
    how: `socket-${verb}`,
    topics: next.size,
    ...(verb === 'subscribe' ? { expiresInMs: CHANNEL_LIFETIME_MS } : {}),
  });
  reply('200', verb === 'subscribe' ? 'subscribed' : 'unsubscribed');
}

/** Topic names as strings or as `{"id": ...}` objects; undefined when anything else is in the list. */
function topicList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const topics: string[] = [];
  for (const item of value) {
    const id: unknown = typeof item === 'string' ? item : isRecord(item) ? item.id : undefined;
    if (typeof id !== 'string' || id.trim() === '') return undefined;
    topics.push(id);
  }
  return topics;
}

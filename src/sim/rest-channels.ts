import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimChannel } from './channel-registry.js';
import { readBody, sendGenesysError, sendJson } from './http-io.js';
import type { SimContext } from './sim-context.js';
import type { IssuedToken } from './token-store.js';

/** Documented: at most 1,000 topics per channel; more is a 400. */
export const MAX_TOPICS_PER_CHANNEL = 1000;

export function channelJson(context: SimContext, channel: SimChannel): Record<string, string> {
  return { connectUri: `${context.wsBase()}/channels/${channel.id}`, id: channel.id, expires: context.channels.expiresIso(channel) };
}

export function createChannel(context: SimContext, token: IssuedToken, response: ServerResponse): void {
  const channel = context.channels.create(token, token.value);
  sendJson(response, 200, channelJson(context, channel));
}

/** `?includechannels=token` lists the channels this token created; `oauthclient` those of its client. */
export function listChannels(context: SimContext, token: IssuedToken, url: URL, response: ServerResponse): void {
  const scope = url.searchParams.get('includechannels') ?? 'token';
  if (scope !== 'token' && scope !== 'oauthclient') {
    sendGenesysError(response, 400, 'bad.request', `includechannels must be "token" or "oauthclient", not "${scope}".`);
    return;
  }
  const channels = context.channels.list((channel) =>
    scope === 'token' ? channel.token === token.value : channel.clientId === token.clientId,
  );
  sendJson(response, 200, { entities: channels.map((channel) => channelJson(context, channel)) });
}

function topicJson(channel: SimChannel, topic: string): Record<string, unknown> {
  return { id: topic, state: 'Permitted', selfUri: `/api/v2/notifications/channels/${channel.id}/subscriptions` };
}

function subscriptionsJson(channel: SimChannel): Record<string, unknown> {
  return { entities: [...channel.topics].map((topic) => topicJson(channel, topic)) };
}

/** GET, POST (add), PUT (replace) and DELETE (clear) on a channel's subscriptions. */
export async function handleSubscriptions(
  context: SimContext,
  channel: SimChannel,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  context.channels.touch(channel);
  switch (request.method) {
    case 'GET':
      sendJson(response, 200, subscriptionsJson(channel));
      return;
    case 'DELETE':
      channel.topics.clear();
      sendJson(response, 204, undefined);
      return;
    case 'POST':
    case 'PUT': {
      const topics = parseTopicList(await readBody(request));
      if (!topics) {
        sendGenesysError(response, 400, 'bad.request', 'The body must be a JSON array of topics, like [{"id":"v2.users.{id}.presence"}].');
        return;
      }
      const next = new Set(request.method === 'PUT' ? [] : channel.topics);
      for (const topic of topics) next.add(topic);
      if (next.size > MAX_TOPICS_PER_CHANNEL) {
        sendGenesysError(response, 400, 'bad.request', `A channel can hold at most ${MAX_TOPICS_PER_CHANNEL} topics; this request would make ${next.size}.`);
        return;
      }
      channel.topics = next;
      context.channels.extend(channel);
      sendJson(response, 200, subscriptionsJson(channel));
      return;
    }
    default:
      sendGenesysError(response, 405, 'method.not.allowed', `${request.method} is not supported on subscriptions.`);
  }
}

/** `[{"id":"topic"}, ...]`, every id a non-empty string, or undefined for anything else. */
function parseTopicList(text: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const topics: string[] = [];
  for (const item of value) {
    const id: unknown = item && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : undefined;
    if (typeof id !== 'string' || id.trim() === '') return undefined;
    topics.push(id);
  }
  return topics;
}

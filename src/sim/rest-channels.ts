import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../protocol/json-record.js';
import { TOPICS_PER_CHANNEL } from '../protocol/limits.js';
import { CHANNEL_LIFETIME_MS } from '../protocol/timing.js';
import { ownerKeyOf, type SimChannel } from './channel-registry.js';
import { genesysError, readBody, sendGenesysError, sendJson } from './http-io.js';
import { clientLabel } from './journal.js';
import type { SimContext } from './sim-context.js';
import type { IssuedToken } from './token-store.js';
import { MISSING_PERMISSIONS_REASON, missingPermissionsFor } from './topic-permissions.js';

export function channelJson(context: SimContext, channel: SimChannel): Record<string, string> {
  return {
    connectUri: `${context.wsBase()}/channels/${channel.id}`,
    id: channel.id,
    expires: context.channels.expiresIso(channel),
  };
}

export function createChannel(context: SimContext, token: IssuedToken, response: ServerResponse): void {
  const channel = context.channels.create(token, token.value);
  context.journal.record({
    kind: 'channel-created',
    channel: channel.id,
    client: clientLabel(token),
    expiresInMs: CHANNEL_LIFETIME_MS,
  });
  sendJson(response, 200, channelJson(context, channel));
}

/**
 * Documented: `?includechannels=token` lists the channels this token created; `oauthclient` lists every
 * channel of this user and OAuth client (the same owner the 20-channel limit counts), but "Channel Ids
 * for other access tokens will not be shown, but will be presented to show their existence". How they
 * are presented is not published: the simulator assumes an entry with only `expires` (see
 * `placeholderChannelJson`).
 */
export function listChannels(context: SimContext, token: IssuedToken, url: URL, response: ServerResponse): void {
  const scope = url.searchParams.get('includechannels') ?? 'token';
  if (scope !== 'token' && scope !== 'oauthclient') {
    sendGenesysError(response, 400, 'bad.request', `includechannels must be "token" or "oauthclient", not "${scope}".`);
    return;
  }
  const owner = ownerKeyOf(token);
  const channels = context.channels.list((channel) =>
    scope === 'token' ? channel.token === token.value : channel.ownerKey === owner,
  );
  const entities = channels.map((channel) =>
    channel.token === token.value ? channelJson(context, channel) : placeholderChannelJson(context, channel),
  );
  sendJson(response, 200, { entities });
}

/** Another token's channel: its existence and expiry, never its id or connectUri (assumed shape). */
export function placeholderChannelJson(context: SimContext, channel: SimChannel): Record<string, string> {
  return { expires: context.channels.expiresIso(channel) };
}

function topicJson(channel: SimChannel, topic: string, missingPermissions: string[] = []): Record<string, unknown> {
  const selfUri = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
  if (missingPermissions.length === 0) return { id: topic, state: 'Permitted', selfUri };
  return { id: topic, state: 'Rejected', rejectionReason: MISSING_PERMISSIONS_REASON, missingPermissions, selfUri };
}

function subscriptionsJson(channel: SimChannel): { entities: Record<string, unknown>[] } {
  return { entities: [...channel.topics].map((topic) => topicJson(channel, topic)) };
}

/** GET, POST (add), PUT (replace) and DELETE (clear) on a channel's subscriptions. */
export async function handleSubscriptions(
  context: SimContext,
  channel: SimChannel,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  context.channels.touch(channel);
  switch (request.method) {
    case 'GET':
      sendJson(response, 200, subscriptionsJson(channel));
      return;
    case 'DELETE':
      channel.topics.clear();
      context.journal.record({ kind: 'subscriptions', channel: channel.id, how: 'DELETE', topics: 0 });
      sendJson(response, 204, undefined);
      return;
    case 'POST':
    case 'PUT': {
      const topics = parseTopicList(await readBody(request));
      if (!topics) {
        sendGenesysError(
          response,
          400,
          'bad.request',
          'The body must be a JSON array of topics, like [{"id":"v2.users.{id}.presence"}].',
        );
        return;
      }
      const rejected = new Map<string, string[]>();
      for (const topic of topics) {
        const missing = missingPermissionsFor(topic, context.deniedTopics);
        if (missing.length > 0) rejected.set(topic, missing);
      }
      // Documented: one rejected topic fails the whole request unless ignoreErrors=true.
      if (rejected.size > 0 && url.searchParams.get('ignoreErrors') !== 'true') {
        sendJson(response, 403, missingPermissionsError(rejected));
        return;
      }
      const next = new Set(request.method === 'PUT' ? [] : channel.topics);
      for (const topic of topics) if (!rejected.has(topic)) next.add(topic);
      if (next.size > TOPICS_PER_CHANNEL) {
        sendGenesysError(
          response,
          400,
          'bad.request',
          `A channel can hold at most ${TOPICS_PER_CHANNEL} topics; this request would make ${next.size}.`,
        );
        return;
      }
      channel.topics = next;
      context.channels.extend(channel);
      context.journal.record({
        kind: 'subscriptions',
        channel: channel.id,
        how: request.method,
        topics: next.size,
        expiresInMs: CHANNEL_LIFETIME_MS,
      });
      const entities = subscriptionsJson(channel).entities;
      for (const [topic, missing] of rejected) entities.push(topicJson(channel, topic, missing));
      sendJson(response, 200, { entities });
      return;
    }
    default:
      sendGenesysError(response, 405, 'method.not.allowed', `${request.method} is not supported on subscriptions.`);
  }
}

/** The 403 body: which topics need which permissions (the error code and wording are assumed). */
function missingPermissionsError(rejected: Map<string, string[]>): Record<string, unknown> {
  const list = [...rejected].map(([topic, missing]) => `${topic} (${missing.join(', ')})`).join('; ');
  const body = genesysError(
    403,
    'missing.permissions',
    `Missing permissions for topics: ${list}. Subscribe with ignoreErrors=true to keep the permitted ones.`,
  );
  body.messageParams = {
    topics: [...rejected.keys()].join(','),
    permissions: [...new Set([...rejected.values()].flat())].join(','),
  };
  return body;
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
    const id: unknown = isRecord(item) ? item.id : undefined;
    if (typeof id !== 'string' || id.trim() === '') return undefined;
    topics.push(id);
  }
  return topics;
}

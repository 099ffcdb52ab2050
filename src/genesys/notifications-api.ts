import { IdleprobeError } from '../errors.js';
import { shortChannelId } from '../protocol/channel-id.js';
import { isRecord } from '../protocol/json-record.js';
import { type HttpCall, type HttpClientOptions, type HttpMethod, sendHttp, unexpectedReply } from './http.js';
import { validateTopic } from './topics.js';

export interface Channel {
  id: string;
  connectUri: string;
  expires: string;
}

export interface ChannelTopic {
  id: string;
  state?: string;
  rejectionReason?: string;
  missingPermissions?: string[];
}

const CHANNELS = '/api/v2/notifications/channels';

const GONE_CHANNEL =
  'The channel does not exist any more: it expired (channels live 24 h unless resubscribed) or was evicted ' +
  'because a 21st channel was created for the same user or OAuth client. Create a new channel.';
const TOPIC_PERMISSION =
  'The token lacks a permission one of the topics needs, and one refused topic fails the whole request: ' +
  'grant the missing permission the service named, drop that topic, or subscribe with ignoreErrors.';
const USER_CONTEXT =
  "A client-credentials token has no user, so {me} cannot be filled: use a user's token, or write the " +
  'user id into the topic names instead of {me}.';

/**
 * The notification-channel REST calls (protocol.md, "REST: channels and subscriptions"). Every call sends
 * `Authorization: Bearer <token>`; channel ids go into paths encoded, and appear shortened in error
 * messages because the id is the WebSocket's only credential.
 */
export class NotificationsApi {
  private readonly apiBase: string;
  private readonly token: string;
  private readonly http: HttpClientOptions;

  constructor(opts: { apiBase: string; token: string } & HttpClientOptions) {
    const { apiBase, token, ...http } = opts;
    if (token.trim() === '') {
      throw new IdleprobeError(
        'IDLEPROBE_ERR_CONFIG',
        'No access token: set GENESYSCLOUD_ACCESS_TOKEN, or an OAuth client id and secret to get one.',
      );
    }
    this.apiBase = apiBase;
    this.token = token;
    this.http = http;
  }

  /** The same client, its calls cancelled by `signal` instead (one lane's stop). */
  withSignal(signal: AbortSignal): NotificationsApi {
    return new NotificationsApi({ apiBase: this.apiBase, token: this.token, ...this.http, signal });
  }

  async createChannel(): Promise<Channel> {
    const call = this.call('POST', CHANNELS);
    const reply = await sendHttp(call, this.http);
    const channel = toChannel(reply.json);
    if (!channel) throw unexpectedReply(call, reply, 'a channel ({"id","connectUri","expires"})');
    return channel;
  }

  /** The channels of this token's user (`token`) or of its OAuth client (`oauthclient`). */
  async listChannels(include?: 'token' | 'oauthclient'): Promise<Channel[]> {
    const call = this.call('GET', CHANNELS, include ? { query: { includechannels: include } } : {});
    const reply = await sendHttp(call, this.http);
    const entities = entitiesOf(reply.json);
    const channels = entities?.map(toChannel);
    if (!channels || channels.some((c) => c === null)) {
      throw unexpectedReply(call, reply, 'a channel list ({"entities":[...]})');
    }
    return channels as Channel[];
  }

  /**
   * How many channels exist. With `oauthclient` the service lists every channel of this user and app, but
   * shows the ids of other tokens' channels only as placeholders, so entries are counted, not parsed.
   */
  async countChannels(include: 'token' | 'oauthclient'): Promise<number> {
    const call = this.call('GET', CHANNELS, { query: { includechannels: include } });
    const reply = await sendHttp(call, this.http);
    const entities = entitiesOf(reply.json);
    if (!entities) throw unexpectedReply(call, reply, 'a channel list ({"entities":[...]})');
    return entities.length;
  }

  /** HEAD is the only existence check the service offers (there is no GET of one channel). */
  async channelExists(id: string): Promise<boolean> {
    const reply = await sendHttp(this.call('HEAD', channelPath(id), { channelId: id, accept: [404] }), this.http);
    return reply.status !== 404;
  }

  async getSubscriptions(id: string): Promise<ChannelTopic[]> {
    return this.topicsCall(this.call('GET', subscriptionsPath(id), { channelId: id }));
  }

  /** POST adds topics to those the channel has. */
  async addSubscriptions(id: string, topics: string[], opts: { ignoreErrors?: boolean } = {}): Promise<ChannelTopic[]> {
    return this.topicsCall(this.subscribeCall('POST', id, topics, opts));
  }

  /** PUT replaces the channel's topics; an empty list clears them. */
  async replaceSubscriptions(
    id: string,
    topics: string[],
    opts: { ignoreErrors?: boolean } = {},
  ): Promise<ChannelTopic[]> {
    return this.topicsCall(this.subscribeCall('PUT', id, topics, opts));
  }

  async deleteSubscriptions(id: string): Promise<void> {
    await sendHttp(this.call('DELETE', subscriptionsPath(id), { channelId: id }), this.http);
  }

  /** The token's user; fails with a user-context error (see isUserContextError) for a client-credentials token. */
  async me(): Promise<{ id: string; name?: string }> {
    const call = this.call('GET', '/api/v2/users/me', { advice: { 400: USER_CONTEXT } });
    const reply = await sendHttp(call, this.http);
    const json = reply.json;
    if (!isRecord(json) || typeof json.id !== 'string' || json.id === '') {
      throw unexpectedReply(call, reply, 'a user ({"id","name",...})');
    }
    return typeof json.name === 'string' ? { id: json.id, name: json.name } : { id: json.id };
  }

  private subscribeCall(
    method: 'POST' | 'PUT',
    id: string,
    topics: string[],
    opts: { ignoreErrors?: boolean },
  ): HttpCall {
    topics.forEach(validateTopic);
    return this.call(method, subscriptionsPath(id), {
      channelId: id,
      body: JSON.stringify(topics.map((topic) => ({ id: topic }))),
      ...(opts.ignoreErrors === undefined ? {} : { query: { ignoreErrors: String(opts.ignoreErrors) } }),
      advice: { 403: TOPIC_PERMISSION, 404: GONE_CHANNEL },
    });
  }

  private async topicsCall(call: HttpCall): Promise<ChannelTopic[]> {
    const reply = await sendHttp(call, this.http);
    const topics = entitiesOf(reply.json)?.map(toChannelTopic);
    if (!topics || topics.some((t) => t === null)) {
      throw unexpectedReply(call, reply, 'a topic list ({"entities":[{"id",...}]})');
    }
    return topics as ChannelTopic[];
  }

  private call(
    method: HttpMethod,
    path: string,
    extra: {
      channelId?: string;
      query?: Record<string, string>;
      body?: string;
      accept?: number[];
      advice?: HttpCall['advice'];
    } = {},
  ): HttpCall {
    const { channelId, ...rest } = extra;
    return {
      method,
      base: this.apiBase,
      path,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(rest.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      secrets: [this.token],
      ...rest,
      advice: channelId === undefined ? rest.advice : { 404: GONE_CHANNEL, ...rest.advice },
      ...(channelId === undefined
        ? {}
        : { displayPath: path.replace(encodeURIComponent(channelId), shortChannelId(channelId)) }),
    };
  }
}

function channelPath(id: string): string {
  if (id.trim() === '')
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      'A channel id is empty: give the id of a channel (streaming-0-...).',
    );
  return `${CHANNELS}/${encodeURIComponent(id)}`;
}

function subscriptionsPath(id: string): string {
  return `${channelPath(id)}/subscriptions`;
}

function entitiesOf(json: unknown): unknown[] | null {
  return isRecord(json) && Array.isArray(json.entities) ? json.entities : null;
}

function toChannel(json: unknown): Channel | null {
  if (!isRecord(json) || typeof json.id !== 'string' || typeof json.connectUri !== 'string') return null;
  return {
    id: json.id,
    connectUri: json.connectUri,
    expires: typeof json.expires === 'string' ? json.expires : '',
  };
}

function toChannelTopic(json: unknown): ChannelTopic | null {
  if (!isRecord(json) || typeof json.id !== 'string') return null;
  const topic: ChannelTopic = { id: json.id };
  if (typeof json.state === 'string') topic.state = json.state;
  if (typeof json.rejectionReason === 'string') topic.rejectionReason = json.rejectionReason;
  const missing = json.missingPermissions;
  if (Array.isArray(missing)) topic.missingPermissions = missing.filter((p): p is string => typeof p === 'string');
  return topic;
}

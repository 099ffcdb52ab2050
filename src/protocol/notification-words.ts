import { isRecord } from './json-record.js';

/**
 * The words of the notification WebSocket (protocol.md), shared by the probe that reads them, the HAR
 * reader, the analysis and the simulator that speaks them, so no side can drift from the others.
 */

/** The topic of the service's own messages on a channel: heartbeats and the answer to an app ping. */
export const METADATA_TOPIC = 'channel.metadata';
/** `channel.metadata` message sent about every 30 s. */
export const HEARTBEAT_MESSAGE = 'WebSocket Heartbeat';
/** `channel.metadata` message answering an app ping. */
export const PONG_MESSAGE = 'pong';
/** What a client sends as the documented health check: `{"message":"ping"}`. */
export const PING_MESSAGE = 'ping';
/** Topics under this prefix need no subscription: the service sends them to every channel it concerns. */
export const SYSTEM_TOPIC_PREFIX = 'v2.system.';
/** The maintenance warning: the service will close the socket (about a minute later). */
export const SOCKET_CLOSING_TOPIC = `${SYSTEM_TOPIC_PREFIX}socket_closing`;

/** `systemTopicType` of the message a channel gets when the token that created it is revoked. */
export const TOKEN_REVOKED = 'token_revoked';
/** `systemTopicType` of the message a channel gets when it is removed (a 21st channel evicted it). */
export const NO_LONGER_SUBSCRIBED = 'no_longer_subscribed';

/**
 * The close reason users report from the service (protocol.md, [observed]: code 1001 with this reason after
 * about 15 minutes while heartbeats kept arriving). The service's close codes and reasons are not published;
 * this is the one known to be its own.
 */
export const IDLE_TIMEOUT_REASON = 'idle timeout';

/** The client's app ping as it goes on the wire. */
export const APP_PING_PAYLOAD = JSON.stringify({ message: PING_MESSAGE });

/** A `channel.metadata` frame carrying `message` (a heartbeat or a pong). */
export function metadataFrame(message: string): { topicName: string; eventBody: { message: string } } {
  return { topicName: METADATA_TOPIC, eventBody: { message } };
}

/** `v2.system.<type>.<channelId>`: how per-channel system messages are named (`token_revoked`, ...). */
export function channelSystemTopic(type: string, channelId: string): string {
  return `${SYSTEM_TOPIC_PREFIX}${type}.${channelId}`;
}

/**
 * The system message type: `systemTopicType` from the body when present (protocol.md), otherwise the topic
 * name's third segment (`v2.system.token_revoked.<id>` -> `token_revoked`).
 */
export function systemMessageType(topic: unknown, body: unknown): string | null {
  if (isRecord(body)) {
    const type = body.systemTopicType;
    if (typeof type === 'string' && type !== '') return type;
  }
  if (typeof topic !== 'string' || !topic.startsWith(SYSTEM_TOPIC_PREFIX)) return null;
  return /^[a-z_]+/.exec(topic.slice(SYSTEM_TOPIC_PREFIX.length))?.[0] ?? null;
}

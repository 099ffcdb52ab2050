import { HEARTBEAT_MESSAGE, metadataFrame, PONG_MESSAGE } from '../protocol/notification-words.js';
import { newGuid } from './ids.js';

/** Matches the documented presence topic, `v2.users.{id}.presence`. */
const PRESENCE = /^v2\.users\.([^.]+)\.presence$/;
const ROUTING_STATUS = /^v2\.users\.([^.]+)\.routingStatus$/;

/**
 * A topic event as the service sends it (documented shape: topicName, version "2", eventBody,
 * metadata.CorrelationId). Bodies are plausible for presence and routing status; other topics get a
 * generic body, since the probe counts notifications rather than reading them.
 */
export function buildTopicEvent(topic: string, wallNow: number): Record<string, unknown> {
  return {
    topicName: topic,
    version: '2',
    eventBody: bodyFor(topic, new Date(wallNow).toISOString()),
    metadata: { CorrelationId: newGuid() },
  };
}

function bodyFor(topic: string, isoNow: string): Record<string, unknown> {
  const presence = PRESENCE.exec(topic);
  if (presence) {
    return {
      source: 'PURECLOUD',
      presenceDefinition: { id: '6a3af858-942f-489d-9700-5f9bcdcdae9b', systemPresence: 'Available' },
      message: '',
      modifiedDate: isoNow,
    };
  }
  const routing = ROUTING_STATUS.exec(topic);
  if (routing) return { routingStatus: { status: 'IDLE', startTime: isoNow } };
  return { id: newGuid(), topic, changedAt: isoNow };
}

/** The documented system message body (the SDKs' SystemMessageSystemMessage). */
export function buildSystemMessage(
  topic: string,
  body: {
    channelId: string;
    systemTopicType?: string;
    reason?: string;
    message?: string;
    userId?: string | null;
    oauthClientId?: string;
  },
): Record<string, unknown> {
  const eventBody: Record<string, unknown> = { channelId: body.channelId, correlationId: newGuid() };
  for (const key of ['systemTopicType', 'userId', 'oauthClientId', 'reason', 'message'] as const) {
    if (body[key] !== undefined && body[key] !== null) eventBody[key] = body[key];
  }
  return { topicName: topic, eventBody };
}

export const HEARTBEAT_FRAME = metadataFrame(HEARTBEAT_MESSAGE);
export const PONG_FRAME = metadataFrame(PONG_MESSAGE);

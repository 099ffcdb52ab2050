import type { ProbeEventBody } from '../events/types.js';
import { isRecord } from './json-record.js';
import {
  HEARTBEAT_MESSAGE,
  METADATA_TOPIC,
  PONG_MESSAGE,
  SOCKET_CLOSING_TOPIC,
  SYSTEM_TOPIC_PREFIX,
} from './notification-words.js';

/**
 * Turns one inbound WebSocket frame into what it means, using the message shapes of the notification
 * service (protocol.md): heartbeats and pongs arrive on `channel.metadata`, maintenance warnings on
 * `v2.system.socket_closing`, other `v2.system.*` topics need no subscription, and everything else with a
 * `topicName` is an event on a subscribed topic. Anything else is kept as a raw frame with a note, never
 * dropped: a diagnostic tool must show what it did not understand. The live probe and the HAR reader both
 * read frames through this one function, so a browser's recording means what the probe's would.
 */
export type FrameMeaning =
  | { kind: 'heartbeat' }
  | { kind: 'pong' }
  | { kind: 'warning'; topic: string; body: unknown }
  | { kind: 'system'; topic: string; body: unknown }
  | { kind: 'notification'; topic: string }
  | { kind: 'frame'; note: string };

/** `data` is the frame's text, or null for a binary frame. */
export function classifyFrame(data: string | null): FrameMeaning {
  if (data === null) return { kind: 'frame', note: 'binary frame (the service sends text only)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { kind: 'frame', note: 'text that is not JSON' };
  }
  if (!isRecord(parsed)) return { kind: 'frame', note: 'JSON that is not an object' };
  const topic = parsed.topicName;
  if (typeof topic !== 'string') return { kind: 'frame', note: 'JSON object without topicName' };
  const body = parsed.eventBody;
  if (topic === METADATA_TOPIC) {
    const message = isRecord(body) ? body.message : undefined;
    if (message === HEARTBEAT_MESSAGE) return { kind: 'heartbeat' };
    if (message === PONG_MESSAGE) return { kind: 'pong' };
    return { kind: 'frame', note: `${METADATA_TOPIC} message ${JSON.stringify(message ?? null)}` };
  }
  if (topic === SOCKET_CLOSING_TOPIC) return { kind: 'warning', topic, body };
  if (topic.startsWith(SYSTEM_TOPIC_PREFIX)) return { kind: 'system', topic, body };
  return { kind: 'notification', topic };
}

/** The connection and the frame a meaning came from, for the event it becomes. */
export interface InboundFrame {
  channel: string;
  conn: number;
  bytes: number;
  binary: boolean;
  /** The round trip of the app ping a pong answers, when known. */
  rttMs: number | null;
}

/** The event an inbound frame is logged as, whoever read it (the live session or a HAR). */
export function inboundEvent(meaning: FrameMeaning, frame: InboundFrame): ProbeEventBody {
  const { channel, conn, bytes } = frame;
  switch (meaning.kind) {
    case 'heartbeat':
      return { event: 'heartbeat', channel, conn };
    case 'pong':
      return { event: 'pong', channel, conn, kind: 'app', rttMs: frame.rttMs };
    case 'warning':
      return { event: 'warning', channel, conn, topic: meaning.topic, body: meaning.body };
    case 'system':
      return { event: 'system', channel, conn, topic: meaning.topic, body: meaning.body };
    case 'notification':
      return { event: 'notification', channel, conn, topic: meaning.topic, bytes };
    case 'frame':
      return { event: 'frame', channel, conn, kind: frame.binary ? 'binary' : 'text', bytes, note: meaning.note };
  }
}

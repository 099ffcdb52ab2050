import type { ProbeEventBody } from '../events/types.js';

/** One entry of Chrome's `_webSocketMessages`: direction, epoch seconds, RFC 6455 opcode, payload. */
export interface HarSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

/** Payloads longer than this are not copied into a `ping` event: a sent frame's size is what matters. */
const PAYLOAD_KEPT = 200;

/**
 * The probe event a browser-recorded frame stands for, read the way the probe reads the wire
 * (protocol.md: heartbeat and pong are `channel.metadata` messages, `v2.system.*` need no subscription).
 * Everything the page sent counts as client-to-server traffic: a `{"message":"ping"}` is an app ping,
 * anything else (a socket subscribe) is logged as a ping with its payload, since both reset a timer that
 * counts client messages.
 */
export function eventForMessage(message: HarSocketMessage, channel: string, conn: number): ProbeEventBody {
  const data = typeof message.data === 'string' ? message.data : '';
  if (message.type === 'send')
    return { event: 'ping', channel, conn, kind: 'app', payload: data.slice(0, PAYLOAD_KEPT) };
  const bytes = Buffer.byteLength(data);
  if (message.opcode === 2) return { event: 'frame', channel, conn, kind: 'binary', bytes, note: 'binary frame (HAR)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { event: 'frame', channel, conn, kind: 'text', bytes, note: 'text that is not JSON (HAR)' };
  }
  const topic =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).topicName : undefined;
  const body =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).eventBody : undefined;
  if (topic === 'channel.metadata') {
    const text = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).message : undefined;
    if (text === 'WebSocket Heartbeat') return { event: 'heartbeat', channel, conn };
    if (text === 'pong') return { event: 'pong', channel, conn, kind: 'app', rttMs: null };
  }
  if (typeof topic === 'string' && topic.startsWith('v2.system.socket_closing'))
    return { event: 'warning', channel, conn, topic, body: body ?? {} };
  if (typeof topic === 'string' && topic.startsWith('v2.system.'))
    return { event: 'system', channel, conn, topic, body: body ?? {} };
  if (typeof topic === 'string') return { event: 'notification', channel, conn, topic, bytes };
  return {
    event: 'frame',
    channel,
    conn,
    kind: 'text',
    bytes,
    note: 'a JSON shape the protocol does not describe (HAR)',
  };
}

/**
 * Turns one inbound WebSocket frame into what it means, using the message shapes of the notification
 * service (protocol.md): heartbeats and pongs arrive on `channel.metadata`, maintenance warnings on
 * `v2.system.socket_closing`, other `v2.system.*` topics need no subscription, and everything else with a
 * `topicName` is an event on a subscribed topic. Anything else is kept as a raw frame with a note, never
 * dropped: a diagnostic tool must show what it did not understand.
 */
export type FrameMeaning =
  | { kind: 'heartbeat' }
  | { kind: 'pong' }
  | { kind: 'warning'; topic: string; body: unknown }
  | { kind: 'system'; topic: string; body: unknown }
  | { kind: 'notification'; topic: string }
  | { kind: 'frame'; note: string };

export const HEARTBEAT_MESSAGE = 'WebSocket Heartbeat';
export const METADATA_TOPIC = 'channel.metadata';
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';

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
    if (message === 'pong') return { kind: 'pong' };
    return { kind: 'frame', note: `channel.metadata message ${JSON.stringify(message ?? null)}` };
  }
  if (topic === SOCKET_CLOSING_TOPIC) return { kind: 'warning', topic, body };
  if (topic.startsWith('v2.system.')) return { kind: 'system', topic, body };
  return { kind: 'notification', topic };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

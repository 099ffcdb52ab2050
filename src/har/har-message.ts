import type { ProbeEventBody } from '../events/types.js';
import { classifyFrame, inboundEvent } from '../protocol/classify-frame.js';

/** One entry of Chrome's `_webSocketMessages`: direction, epoch seconds, RFC 6455 opcode, payload. */
export interface HarSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

/** RFC 6455's opcode of a binary data frame. */
const BINARY_OPCODE = 2;

/** Payloads longer than this are not copied into a `ping` event: a sent frame's size is what matters. */
const PAYLOAD_KEPT = 200;

/**
 * The probe event a browser-recorded frame stands for. A received frame is read by the probe's own frame
 * classifier, so a HAR and a live run name the same frame the same way. Everything the page sent counts
 * as client-to-server traffic: a `{"message":"ping"}` is an app ping, anything else (a socket subscribe)
 * is logged as a ping with its payload, since both reset a timer that counts client messages.
 */
export function eventForMessage(message: HarSocketMessage, channel: string, conn: number): ProbeEventBody {
  const data = typeof message.data === 'string' ? message.data : '';
  if (message.type === 'send')
    return { event: 'ping', channel, conn, kind: 'app', payload: data.slice(0, PAYLOAD_KEPT) };
  const binary = message.opcode === BINARY_OPCODE;
  // A HAR does not pair a pong with its ping, so no round trip is known.
  return inboundEvent(classifyFrame(binary ? null : data), {
    channel,
    conn,
    bytes: Buffer.byteLength(data),
    binary,
    rttMs: null,
  });
}

import { basename } from 'node:path';
import { round } from '../clock/round.js';
import { IdleprobeError } from '../errors.js';
import type { ProbeEvent, ProbeEventBody } from '../events/types.js';
import { eventForMessage } from './har-message.js';
import { type HarSocket, harSockets } from './har-sockets.js';

/**
 * A HAR is one JSON document, read whole; past this size it is refused rather than read into memory. It
 * stays under the longest string V8 can hold (2^29 - 24 characters), which the document's text becomes.
 */
export const MAX_HAR_BYTES = 500 * 1024 * 1024;

/**
 * Turns a HAR file exported from Chrome's network panel into the events a probe would have logged for
 * the page's notification sockets, so an agent's browser gets the same analysis. What a HAR cannot say
 * (docs/log-format.md): no close code or reason and no close time (Chrome records frames, not the close);
 * no RFC 6455 control frames; nothing about the channel's creation, the token, or the path. A connection
 * followed by another on the same channel is taken to have ended at its last frame, with the close marked
 * `inferred`, so the classifier knows it saw no close; the last connection of a channel stays open.
 */
export async function readHar(input: AsyncIterable<Buffer | string>, file: string): Promise<ProbeEvent[]> {
  const text = await readWhole(input, file);
  let har: unknown;
  try {
    har = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG_PARSE',
      `${file} is not valid JSON. Export the HAR again from the browser's network panel ("Save all as HAR").`,
    );
  }
  const sockets = harSockets(har, file);
  if (sockets.length === 0) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `${file} holds no notification WebSocket (wss://streaming.<env>/channels/...) with its messages. Record the page with the network panel open from the start, then "Save all as HAR (with content)".`,
    );
  }
  sockets.sort((a, b) => a.opened - b.opened);
  const start = sockets[0]?.opened as number;
  const events: ProbeEvent[] = [];
  const push = (at: number, body: ProbeEventBody, extra: Record<string, unknown> = {}): void => {
    events.push({
      ...body,
      ...extra,
      time: new Date(at).toISOString(),
      mono: round(at - start, 3),
    } as ProbeEvent);
  };
  push(start, {
    event: 'run-start',
    version: 'har',
    options: { source: basename(file) },
    timeScale: 1,
    target: `browser HAR (${sockets[0]?.host})`,
  });
  const conns = new Map<string, number>();
  const timeline: Array<{ at: number; order: number; body: ProbeEventBody; extra?: Record<string, unknown> }> = [];
  let order = 0;
  // The next socket on each channel, found in one pass from the end rather than a search from each socket.
  const nextOpened: Array<number | undefined> = [];
  const laterOnChannel = new Map<string, number>();
  for (let index = sockets.length - 1; index >= 0; index -= 1) {
    const socket = sockets[index] as HarSocket;
    nextOpened[index] = laterOnChannel.get(socket.channel);
    laterOnChannel.set(socket.channel, socket.opened);
  }
  sockets.forEach((socket, index) => {
    const conn = (conns.get(socket.channel) ?? 0) + 1;
    conns.set(socket.channel, conn);
    timeline.push({ at: socket.opened, order: order++, body: { event: 'open', channel: socket.channel, conn } });
    let last = socket.opened;
    for (const message of socket.messages) {
      last = Math.max(last, message.time * 1000);
      timeline.push({ at: message.time * 1000, order: order++, body: eventForMessage(message, socket.channel, conn) });
    }
    const next = nextOpened[index];
    if (next !== undefined) {
      timeline.push({
        at: Math.min(last, next),
        order: order++,
        body: {
          event: 'close',
          channel: socket.channel,
          conn,
          code: 1005,
          reason: '',
          clean: false,
          by: 'server',
          error: 'not recorded in a HAR',
        },
        extra: { inferred: true },
      });
    }
  });
  timeline.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const item of timeline) push(item.at, item.body, item.extra);
  return events;
}

/** The whole document, refused as soon as it grows past MAX_HAR_BYTES instead of after it is all in memory. */
async function readWhole(input: AsyncIterable<Buffer | string>, file: string): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      length += bytes.length;
      if (length > MAX_HAR_BYTES) {
        throw new IdleprobeError(
          'IDLEPROBE_ERR_LOG',
          `${file} is larger than ${MAX_HAR_BYTES / 1024 / 1024} MB: export a HAR of a shorter session (filter the network panel on "WS").`,
        );
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof IdleprobeError) throw error;
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot read "${file}": ${(error as Error).message}. Give the path of a HAR file exported from the browser.`,
      { cause: error },
    );
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

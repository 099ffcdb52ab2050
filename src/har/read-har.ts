import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { round } from '../clock/round.js';
import { IdleprobeError } from '../errors.js';
import type { ProbeEvent, ProbeEventBody } from '../events/types.js';
import { eventForMessage, type HarSocketMessage } from './har-message.js';

/** `wss://streaming.<env>/channels/<id>`: the notification socket (protocol.md: the host is taken from connectUri). */
const NOTIFICATION_SOCKET = /^wss?:\/\/(streaming\.[^/]+)\/channels\/([^/?#]+)/i;

/** A HAR is one JSON document; past this size it is refused rather than read into memory. */
export const MAX_HAR_BYTES = 512 * 1024 * 1024;

interface HarEntry {
  startedDateTime?: string;
  request?: { url?: string };
  _webSocketMessages?: HarSocketMessage[];
}

/**
 * Turns a HAR file exported from Chrome's network panel into the events a probe would have logged for
 * the page's notification sockets, so an agent's browser gets the same analysis. What a HAR cannot say
 * (docs/log-format.md): no close code or reason and no close time (Chrome records frames, not the close);
 * no RFC 6455 control frames; nothing about the channel's creation, the token, or the path. A connection
 * followed by another on the same channel is taken to have ended at its last frame, with the close marked
 * `inferred`, so the classifier knows it saw no close; the last connection of a channel stays open.
 */
export async function readHar(file: string): Promise<ProbeEvent[]> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot read "${file}": ${error.message}. Give the path of a HAR file exported from the browser.`,
      { cause: error },
    );
  });
  if (Buffer.byteLength(text) > MAX_HAR_BYTES) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `${file} is larger than ${MAX_HAR_BYTES / 1024 / 1024} MB: export a HAR of a shorter session (filter the network panel on "WS").`,
    );
  }
  let har: { log?: { entries?: HarEntry[] } };
  try {
    har = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG_PARSE',
      `${file} is not valid JSON. Export the HAR again from the browser's network panel ("Save all as HAR").`,
    );
  }
  const sockets = (har.log?.entries ?? []).flatMap((entry) => {
    const match = NOTIFICATION_SOCKET.exec(entry.request?.url ?? '');
    const messages = (entry._webSocketMessages ?? []).filter(
      (m) => typeof m?.time === 'number' && Number.isFinite(m.time),
    );
    const opened = Date.parse(entry.startedDateTime ?? '');
    if (!match || (Number.isNaN(opened) && messages.length === 0)) return [];
    const first = Number.isNaN(opened) ? (messages[0] as HarSocketMessage).time * 1000 : opened;
    return [{ host: match[1] as string, channel: decodeURIComponent(match[2] as string), opened: first, messages }];
  });
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
  sockets.forEach((socket, index) => {
    const conn = (conns.get(socket.channel) ?? 0) + 1;
    conns.set(socket.channel, conn);
    timeline.push({ at: socket.opened, order: order++, body: { event: 'open', channel: socket.channel, conn } });
    let last = socket.opened;
    for (const message of socket.messages) {
      last = Math.max(last, message.time * 1000);
      timeline.push({ at: message.time * 1000, order: order++, body: eventForMessage(message, socket.channel, conn) });
    }
    const next = sockets.slice(index + 1).find((later) => later.channel === socket.channel);
    if (next) {
      timeline.push({
        at: Math.min(last, next.opened),
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

import { IdleprobeError } from '../errors.js';
import { isRecord } from '../protocol/json-record.js';
import type { HarSocketMessage } from './har-message.js';

/** `wss://streaming.<env>/channels/<id>`: the notification socket (protocol.md: the host is taken from connectUri). */
const NOTIFICATION_SOCKET = /^wss?:\/\/(streaming\.[^/]+)\/channels\/([^/?#]+)/i;

/**
 * The times a HAR may hold, in epoch milliseconds: from 1990 to 2200. A browser writes the time of the
 * session; anything outside is not a time at all (a value of 1e20 would have no date to print).
 */
const EARLIEST_MS = Date.UTC(1990, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

/** One notification socket of a HAR: its host, channel, when it opened (epoch ms), and its frames. */
export interface HarSocket {
  host: string;
  channel: string;
  opened: number;
  messages: HarSocketMessage[];
}

/**
 * The notification sockets of a parsed HAR document, each checked where it is read: the HAR is user
 * input, so every shape it could have (a list that is an object, an entry that is null, a bad %-escape, a
 * time of 1e20) ends in a message naming the entry and what is wrong with it, never in a crash. Entries
 * that are not notification sockets are passed over without a look at the rest of their fields.
 */
export function harSockets(har: unknown, file: string): HarSocket[] {
  const where = (path: string, problem: string): IdleprobeError =>
    new IdleprobeError(
      'IDLEPROBE_ERR_LOG_PARSE',
      `${file}: ${path} ${problem}. Is this a HAR exported from the browser's network panel ("Save all as HAR (with content)")?`,
    );
  if (!isRecord(har) || !isRecord(har.log)) throw where('"log"', 'is not an object');
  const entries = har.log.entries ?? [];
  if (!Array.isArray(entries)) throw where('"log.entries"', 'is not a list');
  const sockets: HarSocket[] = [];
  entries.forEach((entry: unknown, index) => {
    const at = `entry ${index + 1}`;
    if (!isRecord(entry)) throw where(at, 'is not an object');
    const url = isRecord(entry.request) ? entry.request.url : undefined;
    const match = typeof url === 'string' ? NOTIFICATION_SOCKET.exec(url) : null;
    if (!match) return;
    const channel = decodeChannel(match[2] as string);
    if (channel === null) throw where(at, 'has a notification socket URL whose channel id has a bad %-escape');
    const messages = socketMessages(entry._webSocketMessages, (path, problem) => where(`${at} ${path}`, problem));
    const opened = startOf(entry.startedDateTime, messages);
    if (opened === null) return; // Neither a start nor a frame: nothing happened on it.
    if (!(opened >= EARLIEST_MS && opened <= LATEST_MS))
      throw where(at, 'has a "startedDateTime" outside 1990-2200, which no browser session has');
    sockets.push({ host: match[1] as string, channel, opened, messages });
  });
  return sockets;
}

function socketMessages(value: unknown, where: (path: string, problem: string) => IdleprobeError): HarSocketMessage[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw where('"_webSocketMessages"', 'is not a list');
  return value.map((message: unknown, index) => {
    const at = `message ${index + 1}`;
    if (!isRecord(message)) throw where(at, 'is not an object');
    const { type, time, opcode, data } = message;
    if (type !== 'send' && type !== 'receive') throw where(at, 'has a "type" that is neither "send" nor "receive"');
    if (typeof time !== 'number' || !(time * 1000 >= EARLIEST_MS && time * 1000 <= LATEST_MS))
      throw where(at, 'has a "time" that is not seconds since 1970 between the years 1990 and 2200');
    if (typeof data !== 'string') throw where(at, 'has a "data" that is not text');
    return { type, time, opcode: typeof opcode === 'number' ? opcode : 1, data };
  });
}

/** When a socket opened: its `startedDateTime`, else its first frame; null when it has neither. */
function startOf(started: unknown, messages: HarSocketMessage[]): number | null {
  const parsed = typeof started === 'string' ? Date.parse(started) : Number.NaN;
  if (!Number.isNaN(parsed)) return parsed;
  const first = messages[0];
  return first === undefined ? null : first.time * 1000;
}

function decodeChannel(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

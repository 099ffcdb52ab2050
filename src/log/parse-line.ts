/**
 * Parses one log line as JSON. Most of a soak log is heartbeats, notifications, pings and pongs, written by
 * the event log in one fixed layout (`{"level":..,"time":..,"mono":..,"event":..,"channel":..,"conn":..,...}`).
 * A line in exactly that layout is read by one regular expression instead of `JSON.parse`, which costs
 * several times more; any other line, or one that differs by a single space or an extra field, goes to
 * `JSON.parse`. The fast path gives exactly the value `JSON.parse` would (the same keys in the same order,
 * the same numbers, the same strings), so it is no shortcut past the trust boundary: the caller still
 * checks every line against the event model (check-event.ts), and a malformed line is never matched.
 */
export function parseLine(text: string): unknown {
  return parseFrameLine(text) ?? JSON.parse(text);
}

/** A JSON number, as the grammar has it: `Number` reads exactly these to the value `JSON.parse` gives. */
const NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** The inside of a JSON string without escapes: the text is the value. */
const PLAIN = String.raw`[^"\\\u0000-\u001f]*`;
/** The inside of a JSON string that may hold escapes; those are decoded by `JSON.parse` of the string alone. */
const ESCAPED = String.raw`(?:[^"\\\u0000-\u001f]|\\[^\u0000-\u001f])*`;

const PREFIX = new RegExp(
  String.raw`^\{"level":"(${PLAIN})","time":"(${PLAIN})","mono":(${NUMBER}),"event":"(heartbeat|notification|ping|pong)","channel":"(${PLAIN})","conn":(${NUMBER})`,
);
const NOTIFICATION_REST = new RegExp(String.raw`^,"topic":"(${PLAIN})","bytes":(${NUMBER})\}$`);
const PING_REST = new RegExp(String.raw`^(?:,"kind":"(app|ws)")?,"payload":"(${ESCAPED})"\}$`);
const PONG_REST = new RegExp(String.raw`^(?:,"kind":"(app|ws)")?,"rttMs":(${NUMBER}|null)\}$`);

/** The value of a heartbeat, notification, ping or pong line in the event log's own layout; else undefined. */
function parseFrameLine(text: string): Record<string, unknown> | undefined {
  const head = PREFIX.exec(text);
  if (head === null) return undefined;
  const [prefix, level, time, mono, event, channel, conn] = head as unknown as string[];
  const line: Record<string, unknown> = { level, time, mono: Number(mono), event, channel, conn: Number(conn) };
  const rest = text.slice((prefix as string).length);
  switch (event) {
    case 'heartbeat':
      return rest === '}' ? line : undefined;
    case 'notification': {
      const tail = NOTIFICATION_REST.exec(rest);
      if (tail === null) return undefined;
      line.topic = tail[1];
      line.bytes = Number(tail[2]);
      return line;
    }
    case 'ping': {
      const tail = PING_REST.exec(rest);
      if (tail === null) return undefined;
      if (tail[1] !== undefined) line.kind = tail[1];
      const payload = tail[2] as string;
      if (!payload.includes('\\')) line.payload = payload;
      else {
        try {
          line.payload = JSON.parse(`"${payload}"`);
        } catch {
          return undefined;
        }
      }
      return line;
    }
    case 'pong': {
      const tail = PONG_REST.exec(rest);
      if (tail === null) return undefined;
      if (tail[1] !== undefined) line.kind = tail[1];
      line.rttMs = tail[2] === 'null' ? null : Number(tail[2]);
      return line;
    }
    default:
      return undefined;
  }
}

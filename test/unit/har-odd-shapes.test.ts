import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { readHar } from '../../src/har/read-har.js';

const T0 = Date.UTC(2026, 2, 4, 9) / 1000;
const URL = 'wss://streaming.mypurecloud.ie/channels/streaming-0-abcdefabcdef';
const HEARTBEAT = '{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}';

const message = (extra: Record<string, unknown> = {}) => ({
  type: 'receive',
  time: T0 + 30,
  opcode: 1,
  data: HEARTBEAT,
  ...extra,
});
const socket = (extra: Record<string, unknown> = {}) => ({
  startedDateTime: new Date(T0 * 1000).toISOString(),
  request: { url: URL },
  _webSocketMessages: [message()],
  ...extra,
});
const harOf = (...entries: unknown[]) => ({ log: { entries } });

function read(document: unknown): Promise<unknown> {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return readHar(Readable.from([text]), 'odd.har');
}

/** Shapes no browser writes, each with what the message must say. None may end in anything but an IdleprobeError. */
const ODD_SHAPES: Array<[string, unknown, RegExp]> = [
  ['a document that is a list', [harOf(socket())], /"log" is not an object/],
  ['"log": null', { log: null }, /"log" is not an object/],
  ['"log" a string', { log: 'x' }, /"log" is not an object/],
  ['"entries": {}', { log: { entries: {} } }, /"log\.entries" is not a list/],
  ['"entries": "x"', { log: { entries: 'x' } }, /"log\.entries" is not a list/],
  ['no entries at all', { log: {} }, /holds no notification WebSocket/],
  ['a null entry', harOf(socket(), null), /entry 2 is not an object/],
  ['an entry that is a number', harOf(7), /entry 1 is not an object/],
  [
    'a bad %-escape in the channel id',
    harOf(socket({ request: { url: `${URL}%E0%A4%A` } })),
    /entry 1 has a notification socket URL whose channel id has a bad %-escape/,
  ],
  ['"_webSocketMessages": {}', harOf(socket({ _webSocketMessages: {} })), /entry 1 "_webSocketMessages" is not a list/],
  ['a null message', harOf(socket({ _webSocketMessages: [message(), null] })), /entry 1 message 2 is not an object/],
  [
    'a message time of 1e20',
    harOf(socket({ _webSocketMessages: [message({ time: 1e20 })] })),
    /entry 1 message 1 has a "time" that is not seconds since 1970/,
  ],
  [
    'a message time in milliseconds',
    harOf(socket({ _webSocketMessages: [message({ time: T0 * 1000 })] })),
    /message 1 has a "time"/,
  ],
  ['a negative message time', harOf(socket({ _webSocketMessages: [message({ time: -1 })] })), /message 1 has a "time"/],
  [
    'a message time as text',
    harOf(socket({ _webSocketMessages: [message({ time: String(T0) })] })),
    /message 1 has a "time"/,
  ],
  [
    'a message of an unknown type',
    harOf(socket({ _webSocketMessages: [message({ type: 'sent' })] })),
    /message 1 has a "type" that is neither/,
  ],
  [
    'message data that is an object',
    harOf(socket({ _webSocketMessages: [message({ data: { a: 1 } })] })),
    /message 1 has a "data" that is not text/,
  ],
  [
    'a start in the year 275760',
    harOf(socket({ startedDateTime: '+275760-09-13T00:00:00.000Z' })),
    /"startedDateTime" outside 1990-2200/,
  ],
  ['truncated JSON', '{"log":{"entries":[{"request"', /odd\.har is not valid JSON/],
  [
    'a socket with neither start nor frame',
    harOf(socket({ startedDateTime: 'never', _webSocketMessages: [] })),
    /holds no notification WebSocket/,
  ],
];

describe('a HAR of an odd shape ends in a clear error naming where, never a crash', () => {
  for (const [what, document, expected] of ODD_SHAPES) {
    test(what, async () => {
      await assert.rejects(read(document), (error: Error) => {
        assert.ok(isIdleprobeError(error), `${what}: ${error.stack}`);
        assert.match(error.message, /^odd\.har/);
        assert.match(error.message, expected);
        return true;
      });
    });
  }

  test('their look-alikes that a browser does write are read: odd entries that are not sockets, a missing opcode', async () => {
    const events = (await read(
      harOf(
        { request: null },
        { request: { url: 42 } },
        { request: { url: 'https://api.mypurecloud.ie/api/v2/users/me' }, _webSocketMessages: 'not looked at' },
        socket({ _webSocketMessages: [message({ opcode: undefined })] }),
        socket({ startedDateTime: 'never' }),
      ),
    )) as Array<{ event: string }>;
    assert.deepEqual(
      events.map((event) => event.event),
      ['run-start', 'open', 'heartbeat', 'close', 'open', 'heartbeat'],
    );
  });

  test('many sockets on one channel are paired with the next in one pass', async () => {
    const sockets = Array.from({ length: 20_000 }, (_, i) =>
      socket({
        startedDateTime: new Date((T0 + i * 60) * 1000).toISOString(),
        _webSocketMessages: [message({ time: T0 + i * 60 + 30 })],
      }),
    );
    const events = (await read(harOf(...sockets))) as Array<{ event: string }>;
    assert.equal(events.filter((event) => event.event === 'close').length, 19_999);
  });
});

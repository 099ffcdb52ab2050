import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { ChannelSession } from '../../src/channel/session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { EventBus } from '../../src/events/bus.js';
import type { EventOf, ProbeEvent } from '../../src/events/types.js';
import { mayBeSent } from '../../src/protocol/close-codes.js';
import { within } from '../support/deadline.js';
import {
  closePayload,
  frame,
  OPCODE,
  type RawScript,
  type RawWsServer,
  startRawWsServer,
} from '../support/raw-ws-server.js';

const CHANNEL = 'streaming-0-rawserver0001';
const HEARTBEAT = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });

/** Every code 1000-1015, the application range sampled from end to end, and codes outside both ranges. */
const CODES = [
  ...Array.from({ length: 16 }, (_, i) => 1000 + i),
  ...[3000, 3001, 3333, 3999, 4000, 4001, 4321, 4998, 4999],
  ...[0, 999, 1016, 2999, 5000, 65535],
];
/** The longest reason a close frame can carry: 125 payload bytes less the two of the code. */
const LONGEST_REASON = 'r'.repeat(123);

/** Opens a session to the raw server, lets the script play, and returns every event up to the close. */
async function playOnce(server: RawWsServer, script: RawScript): Promise<ProbeEvent[]> {
  server.setScript(script);
  const bus = new EventBus(systemClock);
  const events: ProbeEvent[] = [];
  bus.subscribe((event) => events.push(event));
  bus.publish({ event: 'run-start', version: 'test', options: {}, timeScale: 1, target: server.url });
  const session = new ChannelSession({ url: server.url, channel: CHANNEL, conn: 1, bus, clock: systemClock });
  await within(session.open(), 'the upgrade');
  await within(session.closed, 'the close');
  return events;
}

function closeOf(events: ProbeEvent[]): EventOf<'close'> {
  const closes = events.filter((event): event is EventOf<'close'> => event.event === 'close');
  assert.equal(closes.length, 1, 'one close');
  return closes[0] as EventOf<'close'>;
}

/** The one closure's cause, as `report` would give it from these events. */
function causeOf(events: ProbeEvent[]): { cause: string; evidence: string } {
  const [row] = analyze(events).closures;
  assert.ok(row, 'one closure row');
  return { cause: row.cause, evidence: row.evidence };
}

describe('what arrives on the wire is logged as it arrived, and a server that breaks the protocol is named', () => {
  let server: RawWsServer;
  before(async () => {
    server = await startRawWsServer(() => {});
  });
  after(async () => {
    await server?.close();
  });

  for (const code of CODES) {
    for (const reason of ['', 'going away now', LONGEST_REASON]) {
      const label = reason === '' ? 'without a reason' : `with a ${Buffer.byteLength(reason)}-byte reason`;
      test(`close code ${code} ${label}`, async () => {
        const events = await playOnce(server, (socket) => {
          socket.write(frame(OPCODE.text, HEARTBEAT));
          socket.write(frame(OPCODE.close, closePayload(code, reason)));
        });
        const close = closeOf(events);
        assert.equal(close.code, code, 'the code that arrived is the code logged');
        assert.equal(close.by, 'server', 'the server ended it, never the network');
        if (mayBeSent(code)) {
          assert.deepEqual([close.clean, close.reason, close.violation], [true, reason, undefined]);
          assert.notEqual(causeOf(events).cause, 'protocol-violation');
        } else {
          assert.equal(close.clean, false);
          assert.equal(close.error, 'WS_ERR_INVALID_CLOSE_CODE');
          assert.match(close.violation ?? '', new RegExp(`a close frame with code ${code}\\b`));
          const { cause, evidence } = causeOf(events);
          assert.equal(cause, 'protocol-violation', evidence);
          assert.doesNotMatch(evidence, /without a close frame|intermediary/);
        }
      });
    }
  }

  test('a close frame without a code is the 1005 of RFC 6455, a clean close', async () => {
    const close = closeOf(await playOnce(server, (socket) => socket.write(frame(OPCODE.close, closePayload(null)))));
    assert.deepEqual([close.code, close.clean, close.by, close.violation], [1005, true, 'server', undefined]);
  });

  const violations: Array<[string, RawScript, string, RegExp]> = [
    [
      'a close reason of 124 bytes (a 126-byte control frame)',
      (socket) => socket.write(frame(OPCODE.close, closePayload(1000, 'x'.repeat(124)))),
      'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
      /longer than the 125 bytes/,
    ],
    [
      'a close frame of a single byte',
      (socket) => socket.write(frame(OPCODE.close, Buffer.from([0x03]))),
      'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
      /control frame/,
    ],
    [
      'a close reason that is not UTF-8',
      (socket) => socket.write(frame(OPCODE.close, closePayload(1000, Buffer.from([0xc3, 0x28])))),
      'WS_ERR_INVALID_UTF8',
      /not valid UTF-8/,
    ],
    [
      'a text frame that is not UTF-8',
      (socket) => socket.write(frame(OPCODE.text, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))),
      'WS_ERR_INVALID_UTF8',
      /not valid UTF-8/,
    ],
    [
      'a frame announcing 150 MB',
      (socket) => socket.write(frame(OPCODE.text, Buffer.alloc(16), { declaredLength: 150 * 1024 * 1024 })),
      'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
      /larger than the client's limit/,
    ],
    [
      'a frame with an opcode the protocol does not define',
      (socket) => socket.write(frame(0x3, 'x')),
      'WS_ERR_INVALID_OPCODE',
      /opcode/,
    ],
  ];
  for (const [what, script, wsError, described] of violations) {
    test(`${what} is the server breaking the protocol, not an intermediary`, async () => {
      const events = await playOnce(server, (socket) => {
        socket.write(frame(OPCODE.text, HEARTBEAT));
        script(socket);
      });
      const close = closeOf(events);
      assert.deepEqual([close.by, close.clean, close.error], ['server', false, wsError]);
      assert.match(close.violation ?? '', described);
      const { cause, evidence } = causeOf(events);
      assert.equal(cause, 'protocol-violation', evidence);
      assert.match(evidence, new RegExp(wsError));
    });
  }

  test('the look-alike: a connection reset without any frame is still a death on the way', async () => {
    const events = await playOnce(server, (socket) => {
      socket.write(frame(OPCODE.text, HEARTBEAT));
      socket.resetAndDestroy();
    });
    const close = closeOf(events);
    assert.deepEqual([close.code, close.by, close.clean, close.violation], [1006, 'network', false, undefined]);
    assert.equal(causeOf(events).cause, 'intermediary');
  });
});

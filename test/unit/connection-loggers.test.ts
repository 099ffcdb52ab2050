import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import type { ProbeEvent } from '../../src/events/types.js';
import { CHANNELS_KEPT, ConnectionLoggers, shapeOf } from '../../src/log/connection-loggers.js';
import { createEventLog } from '../../src/log/event-log.js';
import { REDACTED, SecretScrubber } from '../../src/log/secret-scrubber.js';

const TIME = '2026-11-27T12:00:30.000Z';

/**
 * The log as it was written before connections had loggers of their own: one pino logger for every line.
 * Whatever path a line takes now, its bytes must be these.
 */
function referenceLines(events: readonly Record<string, unknown>[]): string[] {
  const lines: string[] = [];
  let stamps = '';
  const dropped = (): undefined => undefined;
  const logger = pino(
    {
      base: undefined,
      timestamp: () => stamps,
      serializers: { time: dropped, mono: dropped },
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (line: string) => lines.push(line) },
  );
  for (const event of events) {
    stamps = `,"time":${JSON.stringify(event.time)},"mono":${Number.isFinite(event.mono) ? event.mono : null}`;
    logger.info(event);
  }
  return lines;
}

function loggedLines(events: readonly Record<string, unknown>[], scrubber = new SecretScrubber()): string[] {
  const lines: string[] = [];
  const log = createEventLog({ write: (line: string) => lines.push(line) }, scrubber);
  for (const event of events) log.write(event as unknown as ProbeEvent);
  log.close();
  return lines;
}

test('every shape of event is written byte for byte as one plain pino logger writes it', () => {
  const lone = 'streaming-0-\ud800odd';
  const events: Record<string, unknown>[] = [
    // Bound keys only, the stamps last (as the bus makes them) or first (as a saved log reads back).
    { event: 'heartbeat', channel: 'c-1', conn: 1, time: TIME, mono: 1 },
    { time: TIME, mono: 2.5, event: 'heartbeat', channel: 'c-1', conn: 1 },
    // The same connection again, then its next connection, then another channel.
    { event: 'heartbeat', channel: 'c-1', conn: 1, time: TIME, mono: 3 },
    { event: 'heartbeat', channel: 'c-1', conn: 2, time: TIME, mono: 4 },
    { event: 'heartbeat', channel: 'c-2', conn: 7, time: TIME, mono: 5 },
    // More keys after the bound ones, strings that need escaping among them.
    {
      event: 'close',
      channel: 'c-1',
      conn: 2,
      code: 1001,
      reason: 'say "bye"\\\n\u0001',
      clean: true,
      by: 'probe',
      time: TIME,
      mono: 6,
    },
    { event: 'pong', channel: 'c-1', conn: 2, rttMs: 1.25, skipped: undefined, time: TIME, mono: 7 },
    // Bound keys in another order, or missing, or of another type: the plain path.
    { channel: 'c-1', event: 'heartbeat', conn: 2, time: TIME, mono: 8 },
    { event: 'lane-start', lane: 1, keepalive: 'none', time: TIME, mono: 9 },
    { event: 'heartbeat', channel: 'c-1', conn: '2', time: TIME, mono: 10 },
    { event: 'heartbeat', channel: 'c-1', time: TIME, mono: 11 },
    // What binding would escape otherwise than pino's per-line escaping: a lone surrogate.
    { event: 'heartbeat', channel: lone, conn: 1, time: TIME, mono: 12 },
    { event: `heart\udc00beat`, channel: 'c-3', conn: 1, time: TIME, mono: 13 },
    // Quotes and control characters in a bound string; numbers that JSON writes as null.
    { event: 'heartbeat', channel: 'c-"4"\\\t', conn: Number.NaN, time: TIME, mono: Number.POSITIVE_INFINITY },
    { event: 'heartbeat', channel: 'c-5', conn: -0, time: TIME, mono: 0.1 + 0.2 },
    // Two sockets on one channel at once, their lines interleaved.
    { event: 'heartbeat', channel: 'c-6', conn: 1, time: TIME, mono: 14 },
    { event: 'heartbeat', channel: 'c-6', conn: 2, time: TIME, mono: 15 },
    { event: 'heartbeat', channel: 'c-6', conn: 1, time: TIME, mono: 16 },
  ];
  // Each twice: a connection's first line of a kind is written unbound, the next through its logger.
  const twice = events.flatMap((event) => [event, { ...event }]);
  assert.deepEqual(loggedLines(twice), referenceLines(twice));
});

test('a secret in a bound channel id is scrubbed, even one learnt after the connection first wrote', () => {
  const scrubber = new SecretScrubber();
  const events = [
    { event: 'heartbeat', channel: 'streaming-0-tok-1234567890', conn: 1, time: TIME, mono: 1 },
    { event: 'heartbeat', channel: 'streaming-0-tok-1234567890', conn: 1, time: TIME, mono: 2 },
  ];
  const lines: string[] = [];
  const log = createEventLog({ write: (line: string) => lines.push(line) }, scrubber);
  log.write(events[0] as ProbeEvent);
  scrubber.add('tok-1234567890');
  log.write(events[1] as ProbeEvent);
  log.close();
  assert.ok(lines[0]?.includes('tok-1234567890'));
  assert.ok(!lines[1]?.includes('tok-1234567890'));
  assert.ok(lines[1]?.includes(`"channel":"streaming-0-${REDACTED}"`));
});

test('an event is bound only when event, channel and conn lead its keys, stamps aside', () => {
  assert.equal(shapeOf({ event: 'heartbeat', channel: 'c', conn: 1, time: TIME, mono: 1 }), 'bound-only');
  assert.equal(shapeOf({ time: TIME, event: 'heartbeat', mono: 1, channel: 'c', conn: 1 }), 'bound-only');
  assert.equal(shapeOf({ event: 'ping', channel: 'c', conn: 1, payload: 'x', time: TIME, mono: 1 }), 'bound-and-more');
  assert.equal(shapeOf({ event: 'ping', channel: 'c', conn: 1, time: TIME, mono: 1, payload: 'x' }), 'bound-and-more');
  assert.equal(shapeOf({ event: 'ping', conn: 1, channel: 'c' }), 'unbound');
  assert.equal(shapeOf({ event: 'ping', channel: 'c' }), 'unbound');
  assert.equal(shapeOf({ event: 'ping', channel: 'c', conn: '1' }), 'unbound');
  assert.equal(shapeOf({ event: 'ping', channel: 1, conn: 1 }), 'unbound');
  assert.equal(shapeOf({}), 'unbound');
});

test('the loggers kept are bounded however many channels a long run goes through', () => {
  const parent = pino({ base: undefined }, { write: () => {} });
  const loggers = new ConnectionLoggers({ bound: parent, boundAndMore: parent });
  for (let n = 0; n < CHANNELS_KEPT * 3 - 10; n += 1) {
    assert.equal(loggers.get('heartbeat', `streaming-${n}`, 1, 'bound-only'), null, 'the first line is unbound');
    assert.ok(loggers.get('heartbeat', `streaming-${n}`, 1, 'bound-only'));
    assert.ok(loggers.channels <= CHANNELS_KEPT);
  }
  // A channel's next connection takes its old one's place rather than adding to it.
  const before = loggers.channels;
  const twice = (conn: number): unknown => {
    loggers.get('heartbeat', 'streaming-again', conn, 'bound-only');
    return loggers.get('heartbeat', 'streaming-again', conn, 'bound-only');
  };
  const first = twice(1);
  const second = twice(2);
  assert.notEqual(first, second);
  assert.equal(loggers.channels, before + 1);
  assert.equal(loggers.get('heartbeat', 'streaming-again', 2, 'bound-only'), second);
});

test("every connection's logger is a child of one of two parents, never a child's child", () => {
  // V8 gives an object that is another's prototype a shape of its own: a thousand connections' loggers as
  // prototypes would make each access in pino's write path megamorphic (measured: 4 µs a line, not 0.5).
  const bound = pino({ base: undefined }, { write: () => {} });
  const boundAndMore = pino({ base: undefined }, { write: () => {} });
  const loggers = new ConnectionLoggers({ bound, boundAndMore });
  for (let n = 0; n < 3; n += 1) {
    loggers.get('ping', `streaming-${n}`, 1, 'bound-only');
    const only = loggers.get('ping', `streaming-${n}`, 1, 'bound-only');
    const more = loggers.get('ping', `streaming-${n}`, 1, 'bound-and-more');
    assert.equal(Object.getPrototypeOf(only), bound);
    assert.equal(Object.getPrototypeOf(more), boundAndMore);
  }
});

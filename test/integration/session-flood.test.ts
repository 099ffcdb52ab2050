import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { ChannelSession } from '../../src/channel/session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { openEventLog } from '../../src/log/event-log.js';
import { readEventLog } from '../../src/log/read-log.js';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { within } from '../support/deadline.js';
import { LOG_OPTIONS } from '../support/lock-owner.js';
import {
  closePayload,
  frame,
  OPCODE,
  type RawScript,
  type RawWsServer,
  startRawWsServer,
} from '../support/raw-ws-server.js';
import { tempDirs } from '../support/temp-dir.js';

const CHANNEL = 'streaming-0-rawserver0001';
const HEARTBEAT = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
/** Enough frames that per-frame work that is not constant, or a log that drops lines, would show. */
const FLOOD = 20_000;
const newDir = tempDirs('flood');

/** Opens a session whose every event goes to a real event log, plays `bytes`, and reads the log back. */
function loggedAfter(server: RawWsServer, bytes: Buffer): Promise<ProbeEvent[]> {
  return loggedAfterScript(server, (socket) => socket.write(bytes));
}

async function loggedAfterScript(server: RawWsServer, script: RawScript): Promise<ProbeEvent[]> {
  server.setScript(script);
  const path = join(newDir(), 'flood.ndjson');
  const log = openEventLog(path, new SecretScrubber(), LOG_OPTIONS);
  const bus = new EventBus(systemClock);
  bus.subscribe((event) => log.write(event));
  const session = new ChannelSession({ url: server.url, channel: CHANNEL, conn: 1, bus, clock: systemClock });
  try {
    await within(session.open(), 'the upgrade');
    await within(session.closed, 'the close after the flood');
  } finally {
    log.close();
  }
  const events: ProbeEvent[] = [];
  for await (const event of readEventLog(createReadStream(path), path)) events.push(event);
  return events;
}

function count(events: ProbeEvent[], kind: ProbeEvent['event'], also: (event: ProbeEvent) => boolean = () => true) {
  return events.filter((event) => event.event === kind && also(event)).length;
}

describe('a flood of frames is logged whole, frame by frame, and the connection ends as the server says', () => {
  let server: RawWsServer;
  before(async () => {
    server = await startRawWsServer(() => {});
  });
  after(async () => {
    await server?.close();
  });

  test('RFC 6455 pings as fast as the client answers them: every one is in the log, then the close', async () => {
    const window = 30;
    const ping = frame(OPCODE.ping);
    const beat = frame(OPCODE.text, HEARTBEAT);
    /** The client's pong to an empty ping: two header bytes and the four of its mask. */
    const pongBytes = 6;
    const events = await loggedAfterScript(server, (socket) => {
      let sent = 0;
      let answered = 0;
      const sendWindow = (): void => {
        const parts: Buffer[] = [];
        for (let i = 0; i < window && sent < FLOOD; i += 1, sent += 1) parts.push(ping, beat);
        if (sent === FLOOD) parts.push(frame(OPCODE.close, closePayload(4000, 'flood over')));
        socket.write(Buffer.concat(parts));
      };
      // The next window goes out once the client has answered the last: a flood the client keeps up with.
      socket.on('data', (chunk: Buffer) => {
        answered += chunk.length;
        if (sent < FLOOD && answered >= sent * pongBytes) sendWindow();
      });
      sendWindow();
    });
    assert.equal(
      count(events, 'frame', (e) => e.event === 'frame' && e.kind === 'control'),
      FLOOD,
    );
    assert.equal(count(events, 'heartbeat'), FLOOD);
    const close = events.at(-1);
    assert.deepEqual(close && close.event === 'close' ? [close.code, close.reason, close.by, close.clean] : close, [
      4000,
      'flood over',
      'server',
      true,
    ]);
  });

  test('a burst of RFC 6455 pings faster than they can be answered ends the connection, logged and named', async () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < FLOOD; i += 1) parts.push(frame(OPCODE.ping, 'are you there'), frame(OPCODE.text, HEARTBEAT));
    const events = await loggedAfter(server, Buffer.concat(parts));
    const close = events.at(-1);
    assert.ok(close?.event === 'close', 'the close is the last line');
    assert.deepEqual([close.by, close.clean, close.error], ['server', false, 'PING_FLOOD']);
    assert.match(close.violation ?? '', /pings faster than the client could answer/);
    assert.ok(count(events, 'frame') > 60, 'every ping that arrived before the end is logged');
    const [row] = analyze(events).closures;
    assert.equal(row?.cause, 'protocol-violation', row?.evidence);
  });

  test('a flood of notifications, binary frames and non-JSON text: each logged as one event', async () => {
    const notification = frame(OPCODE.text, JSON.stringify({ topicName: 'v2.users.u1.presence', eventBody: { x: 1 } }));
    const binary = frame(OPCODE.binary, Buffer.from([1, 2, 3]));
    const text = frame(OPCODE.text, 'not json at all');
    const parts: Buffer[] = [];
    for (let i = 0; i < FLOOD; i += 1) parts.push(notification, binary, text);
    parts.push(frame(OPCODE.close, closePayload(1000)));
    const events = await loggedAfter(server, Buffer.concat(parts));
    assert.equal(count(events, 'notification'), FLOOD);
    assert.equal(
      count(events, 'frame', (e) => e.event === 'frame' && e.kind === 'binary'),
      FLOOD,
    );
    assert.equal(
      count(events, 'frame', (e) => e.event === 'frame' && e.kind === 'text'),
      FLOOD,
    );
    assert.equal(count(events, 'close'), 1);
  });
});

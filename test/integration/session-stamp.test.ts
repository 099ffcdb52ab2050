import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChannelSession } from '../../src/channel/session.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { within } from '../support/deadline.js';
import { closePayload, frame, OPCODE, startRawWsServer } from '../support/raw-ws-server.js';

const HEARTBEAT = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
/** What the work done on a frame before its event is published costs, made visible on a manual clock. */
const WORK_MS = 7;

test("a frame's stamp is when its callback began, however long the work on it before the event is published", async () => {
  const server = await startRawWsServer((socket) => {
    socket.write(frame(OPCODE.text, HEARTBEAT));
    socket.write(frame(OPCODE.close, closePayload(1000)));
  });
  try {
    const clock = new ManualClock();
    const bus = new EventBus(clock);
    const events: ProbeEvent[] = [];
    bus.subscribe((event) => events.push(event));
    const startWall = clock.wallNow();
    // The watchdog's food runs first in the frame's callback: here it takes WORK_MS of the clock.
    let given: number | null = null;
    const onInbound = (arrived: number) => {
      given ??= arrived;
      clock.advance(WORK_MS);
    };
    const session = new ChannelSession({ url: server.url, channel: 'c', conn: 1, bus, clock, onInbound });
    await within(session.open(), 'the upgrade');
    await within(session.closed, 'the close');
    const heartbeat = events.find((event) => event.event === 'heartbeat');
    assert.ok(heartbeat, 'the heartbeat was logged');
    assert.equal(heartbeat.mono, 0, 'stamped when the frame was handed over, not after the work on it');
    assert.equal(heartbeat.time, new Date(startWall).toISOString(), 'the wall time is of the same moment');
    assert.ok(given !== null, 'the callback was told when the frame came');
    assert.equal(bus.elapsedAt(given), heartbeat.mono, "the callback is given the frame's own stamp");
    const close = events.find((event) => event.event === 'close');
    assert.equal(close?.mono, WORK_MS, 'what is published after the work is stamped when it is published');
  } finally {
    await server.close();
  }
});

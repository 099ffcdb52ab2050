import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Timer } from '../../src/clock/clock.js';
import { systemClock } from '../../src/clock/system-clock.js';
import type { SimRecord } from '../../src/sim/simulator.js';
import { api, clientToken } from '../support/sim-client.js';
import { openRelayed, quietScenario, relayedChannel } from '../support/sim-relay.js';

const isCut = (record: SimRecord): boolean =>
  record.kind === 'drop' && (record.detail ?? '').startsWith('intermediary:');

describe('the intermediary: a relay in front of the WebSockets that cuts like a proxy, load balancer or NAT', () => {
  test('connectUri points at the relay while REST stays on the service port', async () => {
    const { sim, connectUri } = await relayedChannel(
      quietScenario(1_000, { idle: 'age', afterMs: 60_000, cut: 'reset' }),
    );
    try {
      assert.ok(sim.relayPort !== null && sim.relayPort !== sim.port);
      assert.match(connectUri, new RegExp(`^ws://127\\.0\\.0\\.1:${sim.relayPort}/channels/streaming-0-`));
      assert.equal((await api(sim, 'GET', '/api/v2/notifications/channels', await clientToken(sim))).status, 200);
    } finally {
      await sim.close();
    }
  });

  test('without an intermediary connectUri points at the service itself', async () => {
    const { sim, connectUri } = await relayedChannel({
      ...quietScenario(1_000, { idle: 'age', afterMs: 1, cut: 'reset' }),
      intermediary: null,
    });
    try {
      assert.equal(sim.relayPort, null);
      assert.match(connectUri, new RegExp(`^ws://127\\.0\\.0\\.1:${sim.port}/`));
    } finally {
      await sim.close();
    }
  });

  test('silence in both directions is cut with a reset: the client sees 1006 ECONNRESET and the cut is journalled', async () => {
    const { sim, journal, connectUri } = await relayedChannel(
      quietScenario(60_000, { name: 'lb', idle: 'either-direction', afterMs: 250, cut: 'reset' }),
    );
    try {
      const opened = performance.now();
      const socket = await openRelayed(connectUri);
      const end = await socket.ended;
      assert.equal(end.code, 1006);
      assert.equal(end.errorCode, 'ECONNRESET');
      assert.ok(end.at - opened >= 250, `cut after ${end.at - opened} ms`);
      const [cut] = await journal.waitFor(isCut);
      assert.equal(cut!.detail, 'intermediary:lb reset after 250ms without bytes either way');
      assert.match(cut!.channel, /^streaming-0-/);
      // The service side is reset too: its session ends without a close frame from the client.
      const [closed] = await journal.waitFor((r) => r.kind === 'close' && r.channel === cut!.channel);
      assert.equal(closed!.code, 1006);
    } finally {
      await sim.close();
    }
  });

  test('heartbeats keep an either-direction timer alive but not a client-to-server one', async () => {
    // Heartbeats every 60 ms; both relays allow 1 s, so a busy machine would have to stall the event loop for
    // most of a second to starve the either-direction timer or keep two heartbeats from arriving first.
    const either = await relayedChannel(quietScenario(60, { idle: 'either-direction', afterMs: 1_000, cut: 'reset' }));
    const clientOnly = await relayedChannel(
      quietScenario(60, { idle: 'client-to-server', afterMs: 1_000, cut: 'reset' }),
    );
    try {
      const kept = await openRelayed(either.connectUri);
      const cutSocket = await openRelayed(clientOnly.connectUri);
      const end = await cutSocket.ended;
      assert.equal(end.code, 1006);
      assert.ok(cutSocket.messages.length >= 2, 'heartbeats arrived before the cut');
      // By the time the client-only relay has cut, the either-direction one has seen the same silence from the client.
      await either.journal.waitFor((r) => r.kind === 'heartbeat', 8);
      assert.equal(kept.ws.readyState, kept.ws.OPEN);
      assert.equal(either.journal.records.filter(isCut).length, 0);
      kept.ws.close();
    } finally {
      await either.sim.close();
      await clientOnly.sim.close();
    }
  });

  test('app pings from the client keep a client-to-server timer alive', async () => {
    const { sim, journal, connectUri } = await relayedChannel(
      quietScenario(60_000, { idle: 'client-to-server', afterMs: 250, cut: 'reset' }),
    );
    const socket = await openRelayed(connectUri);
    let pinger: Timer | undefined;
    const ping = (): void => {
      socket.ws.send('{"message":"ping"}');
      pinger = systemClock.setTimer(80, ping);
    };
    try {
      ping();
      // Eight pongs span at least 560 ms, more than twice the relay's 250 ms.
      await journal.waitFor((r) => r.kind === 'pong', 8);
      assert.equal(socket.ws.readyState, socket.ws.OPEN);
      assert.equal(journal.records.filter(isCut).length, 0);
    } finally {
      pinger?.cancel();
      socket.ws.close();
      await sim.close();
    }
  });

  test('an age limit cuts at that age however much traffic flows', async () => {
    const { sim, journal, connectUri } = await relayedChannel(
      quietScenario(40, { idle: 'age', afterMs: 300, cut: 'reset' }),
    );
    try {
      // The relay counts the age from its TCP accept, which comes after this and before the upgrade: on a
      // busy machine the upgrade alone can take longer than the timer's jitter, so count from here.
      const connectingAt = systemClock.monoNow();
      const socket = await openRelayed(connectUri);
      const end = await socket.ended;
      assert.equal(end.code, 1006);
      const [cut] = await journal.waitFor(isCut);
      const age = cut!.at - connectingAt;
      assert.ok(age >= 300 && age < 300 + 200, `age at the cut: ${age} ms`);
      assert.ok(journal.of('heartbeat').length >= 4, 'heartbeats flowed all along');
    } finally {
      await sim.close();
    }
  });

  test('a black hole forwards nothing more either way and leaves both sockets open', async () => {
    const { sim, journal, connectUri } = await relayedChannel(
      quietScenario(50, { name: 'nat', idle: 'client-to-server', afterMs: 200, cut: 'black-hole' }),
    );
    try {
      const socket = await openRelayed(connectUri);
      const [cut] = await journal.waitFor(isCut);
      assert.equal(cut!.detail, 'intermediary:nat black-hole after 200ms without client-to-server bytes');
      const sentBefore = journal.of('heartbeat').filter((r) => r.at <= cut!.at).length;
      // The service keeps sending into the hole; a ping from the client never reaches it.
      socket.ws.send('{"message":"ping"}');
      await journal.waitFor((r) => r.kind === 'heartbeat' && r.at > cut!.at, 4);
      // A heartbeat still in flight at the cut may be lost too; none sent after it arrives.
      assert.ok(
        socket.messages.length <= sentBefore && socket.messages.length >= sentBefore - 1,
        `received ${socket.messages.length}, sent before the cut ${sentBefore}`,
      );
      assert.equal(journal.of('pong').length, 0, 'the ping never reached the service');
      assert.equal(socket.ws.readyState, socket.ws.OPEN);
      assert.equal(journal.of('close').length, 0, 'the service side is still open');
      socket.ws.terminate();
    } finally {
      await sim.close();
    }
  });

  test('the time scale applies: 2 s of scenario time at 10x is cut after about 200 ms', async () => {
    const { sim, journal, connectUri } = await relayedChannel(
      quietScenario(600_000, { idle: 'either-direction', afterMs: 2_000, cut: 'reset' }),
      10,
    );
    try {
      const socket = await openRelayed(connectUri);
      const [opened] = await journal.waitFor((r) => r.kind === 'open');
      await socket.ended;
      const [cut] = await journal.waitFor(isCut);
      const after = cut!.at - opened!.at;
      assert.ok(after >= 190 && after < 400, `cut ${after} ms after the open`);
    } finally {
      await sim.close();
    }
  });
});

import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { ManualClock } from '../../src/clock/manual-clock.js';
import type { CloseRule, Fault, Scenario } from '../../src/sim/scenario.js';
import { loadScenarioFile } from '../../src/sim/scenario-file.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/sim/simulator.js';
import { api, clientToken, createChannel, isHeartbeat, JournalTap } from '../support/sim-client.js';

const MINUTE = 60_000;
const FIXTURES = fileURLToPath(new URL('../../../fixtures/scenarios/', import.meta.url));

function scenarioWith(closeRules: CloseRule[], faults: Fault[] = []): Scenario {
  return {
    name: 't',
    summary: 't',
    hypothesis: 't',
    basis: 'assumed',
    heartbeatIntervalMs: 30_000,
    topicEventIntervalMs: null,
    closeRules,
    faults,
  };
}

/** A raw client that keeps text and binary frames apart. */
async function rawSocket(uri: string) {
  const ws = new WebSocket(uri);
  const frames: Array<{ binary: boolean; data: Buffer }> = [];
  ws.on('message', (data, binary) => frames.push({ binary, data: data as Buffer }));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => ws.once('open', resolve));
  return { ws, frames, closed };
}

describe('simulator close rules and faults', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function start(scenario: Scenario | string, options: SimulatorOptions = {}) {
    const clock = new ManualClock();
    sim = await startSimulator({ clock, scenario, ...options });
    const journal = new JournalTap(sim.journal);
    const token = await clientToken(sim);
    return { sim, clock, journal, token };
  }

  async function open(running: RunningSimulator, token: string, journal: JournalTap, topics: string[] = []) {
    const channel = await createChannel(running, token, topics);
    const socket = await rawSocket(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    return { channel, ...socket };
  }

  test('half-open stops every frame without closing: no heartbeat, no pong, no close', async () => {
    const { sim: running, clock, journal, token } = await start(`${FIXTURES}half-open.json`);
    const socket = await open(running, token, journal);
    clock.advance(5 * MINUTE);
    // The beat due at the very instant the path goes silent is already lost.
    assert.equal(journal.of('heartbeat').length, 9);
    socket.ws.send(JSON.stringify({ message: 'ping' }));
    socket.ws.ping();
    clock.advance(60 * MINUTE);
    assert.equal(journal.of('heartbeat').length, 9);
    assert.equal(journal.of('pong').length, 0);
    assert.equal(journal.of('close').length, 0);
    assert.equal(journal.of('drop')[0]?.detail, 'rule:half-open');
    assert.equal(socket.ws.readyState, WebSocket.OPEN);
    socket.ws.terminate();
  });

  test('token-expiry closes the socket when the creating token expires', async () => {
    const {
      sim: running,
      clock,
      journal,
      token,
    } = await start(`${FIXTURES}token-expiry.json`, { tokenLifetimeMs: 20 * MINUTE });
    const socket = await open(running, token, journal);
    clock.advance(20 * MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'token expired or revoked' });
  });

  test('evict sends no_longer_subscribed, closes the socket and leaves the channel gone', async () => {
    const { sim: running, clock, journal, token } = await start(`${FIXTURES}evicted.json`);
    const socket = await open(running, token, journal);
    clock.advance(7 * MINUTE);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'channel evicted' });
    const texts = socket.frames.map((frame) => JSON.parse(frame.data.toString()));
    const notice = texts.find((message) => String(message.topicName).startsWith('v2.system.no_longer_subscribed.'));
    assert.equal(notice?.eventBody.systemTopicType, 'no_longer_subscribed');
    assert.equal(
      (await api(running, 'HEAD', `/api/v2/notifications/channels/${socket.channel.id}`, token)).status,
      404,
    );
  });

  test('second-socket disconnects the connection as another client would', async () => {
    const { sim: running, clock, journal, token } = await start(`${FIXTURES}second-socket.json`);
    const socket = await open(running, token, journal);
    clock.advance(8 * MINUTE);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'another connection replaced this one' });
    assert.equal(journal.of('close')[0]?.detail, 'rule:second-socket');
  });

  test('socket faults send non-JSON text, binary, an oversized frame and a burst, and repeat when asked', async () => {
    const hostile = await loadScenarioFile(`${FIXTURES}hostile-frames.json`);
    // Only its socket faults here: its REST faults would hold the channel creation on a clock nobody moves.
    const socketOnly = { ...hostile, faults: hostile.faults?.filter((fault) => !fault.kind.startsWith('rest-')) };
    const { sim: running, clock, journal, token } = await start(socketOnly);
    const socket = await open(running, token, journal);
    clock.advance(6 * MINUTE);
    const faults = journal.records.filter((r) => r.detail?.startsWith('fault:')).map((r) => r.detail);
    assert.deepEqual(faults, ['fault:non-json', 'fault:binary', 'fault:oversized', 'fault:burst', 'fault:non-json']);
    await new Promise<void>((resolve) => {
      const check = () =>
        socket.frames.filter((f) => !f.binary && isHeartbeat(safeJson(f.data))).length >= 212
          ? resolve()
          : setImmediate(check);
      check();
    });
    assert.equal(socket.frames.filter((f) => f.data.toString() === '<html>502 Bad Gateway</html>').length, 2);
    assert.equal(socket.frames.filter((f) => f.binary).map((f) => f.data.length)[0], 64);
    assert.ok(socket.frames.some((f) => !f.binary && f.data.length === 1_048_576));
    socket.ws.terminate();
  });

  test('a rest-error fault fails the matching request once with its status, then the call works', async () => {
    const scenario = scenarioWith([], [{ kind: 'rest-error', path: '/subscriptions', status: 503, count: 1 }]);
    const { sim: running, token } = await start(scenario);
    const channel = await createChannel(running, token);
    const path = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    const failed = await api(running, 'GET', path, token);
    assert.equal(failed.status, 503);
    assert.equal(failed.body.code, 'service.unavailable');
    assert.equal((await api(running, 'GET', path, token)).status, 200);
  });

  test('a rest-slow fault holds the reply until its delay has passed on the clock', async () => {
    const scenario = scenarioWith([], [{ kind: 'rest-slow', path: '/users/me', delayMs: 5000, count: null }]);
    const { sim: running, clock, journal } = await start(scenario, { timeScale: 10 });
    let answered = false;
    const reply = api(running, 'GET', '/api/v2/users/me', running.credentials.userToken).then((r) => {
      answered = true;
      return r;
    });
    await journal.waitFor((record) => record.detail?.startsWith('fault:rest-slow') ?? false);
    clock.advance(499);
    // A call sent later, on a path without the fault, is answered while the slow one is still held.
    assert.equal(
      (await api(running, 'GET', '/api/v2/notifications/channels', running.credentials.userToken)).status,
      200,
    );
    assert.equal(answered, false);
    clock.advance(1);
    assert.equal((await reply).status, 200);
  });
});

function safeJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString());
  } catch {
    return undefined;
  }
}

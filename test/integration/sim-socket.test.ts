import assert from 'node:assert/strict';
import { once } from 'node:events';
import { afterEach, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { ManualClock } from '../../src/clock/manual-clock.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/sim/simulator.js';
import { clientToken, createChannel, isHeartbeat, isPong, JournalTap, TestSocket } from '../support/sim-client.js';

const MINUTE = 60_000;

/** A simulator on a manual clock: time moves only when a test advances it, so timings are exact. */
async function manualSim(options: SimulatorOptions = {}) {
  const clock = new ManualClock();
  const sim = await startSimulator({ clock, ...options });
  const journal = new JournalTap(sim.journal);
  const token = await clientToken(sim);
  return { sim, clock, journal, token };
}

async function connect(
  sim: RunningSimulator,
  token: string,
  journal: JournalTap,
  topics: string[] = [],
): Promise<TestSocket> {
  const channel = await createChannel(sim, token, topics);
  const socket = await TestSocket.open(channel.connectUri);
  await journal.waitFor((record) => record.kind === 'open' && record.channel === channel.id);
  return socket;
}

function quietScenario(overrides: Partial<Scenario>): Scenario {
  return {
    name: 'test',
    summary: 'test',
    hypothesis: 'test',
    basis: 'assumed',
    heartbeatIntervalMs: 30_000,
    topicEventIntervalMs: null,
    closeRules: [],
    ...overrides,
  };
}

describe('simulator WebSocket', () => {
  let running: RunningSimulator | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  test('heartbeats arrive every 30 s of scenario time, divided by the time scale', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'steady', timeScale: 60 });
    running = sim;
    const socket = await connect(sim, token, journal);
    const opened = clock.monoNow();
    clock.advance(499);
    assert.equal(journal.of('heartbeat').length, 0);
    clock.advance(1);
    clock.advance(1000);
    const beats = journal.of('heartbeat');
    assert.deepEqual(
      beats.map((beat) => beat.at - opened),
      [500, 1000, 1500],
    );
    const received = await socket.waitFor(isHeartbeat, 3);
    assert.deepEqual(received[0], { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
  });

  test('a {"message":"ping"} text frame is answered with a pong and journalled', async () => {
    const { sim, journal, token } = await manualSim({ scenario: 'steady' });
    running = sim;
    const socket = await connect(sim, token, journal);
    socket.send({ message: 'ping' });
    const [pong] = await socket.waitFor(isPong);
    assert.deepEqual(pong, { topicName: 'channel.metadata', eventBody: { message: 'pong' } });
    assert.equal(journal.of('pong').length, 1);
    assert.equal(journal.of('client-frame').length, 1);
  });

  test('idle-timeout closes 1001 "idle timeout" exactly 15 min after open when the client sends nothing', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'idle-timeout' });
    running = sim;
    const socket = await connect(sim, token, journal);
    clock.advance(15 * MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    // Heartbeats flowed all along (the observed symptom); the one due at the closing instant never goes out.
    assert.equal(journal.of('heartbeat').length, 29);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'idle timeout' });
  });

  test('a client message resets the idle timer but an RFC 6455 ping frame does not', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'idle-timeout' });
    running = sim;
    const socket = await connect(sim, token, journal);
    const opened = clock.monoNow();
    clock.advance(10 * MINUTE);
    socket.send({ message: 'ping' });
    await journal.waitFor((record) => record.kind === 'pong');
    clock.advance(10 * MINUTE);
    socket.ws.ping();
    await journal.waitFor((record) => record.detail === 'ws-ping');
    clock.advance(5 * MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    const [close] = journal.of('close');
    assert.equal(close?.at !== undefined && close.at - opened, 25 * MINUTE);
    assert.equal((await socket.closed).code, 1001);
  });

  test('a client-silence rule that counts control frames is reset by an RFC 6455 ping frame', async () => {
    const scenario = quietScenario({
      closeRules: [{ kind: 'client-silence', afterMs: MINUTE, code: 4000, reason: 'quiet', countControlFrames: true }],
    });
    const { sim, clock, journal, token } = await manualSim({ scenario });
    running = sim;
    const socket = await connect(sim, token, journal);
    clock.advance(MINUTE - 1);
    socket.ws.ping();
    await journal.waitFor((record) => record.detail === 'ws-ping');
    clock.advance(MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    assert.deepEqual(await socket.closed, { code: 4000, reason: 'quiet' });
  });

  test('lifetime-cap closes 1001 at 15 min even while the client keeps sending', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'lifetime-cap' });
    running = sim;
    const socket = await connect(sim, token, journal);
    for (let minute = 1; minute < 15; minute++) {
      clock.advance(MINUTE);
      socket.send({ message: 'ping' });
      await journal.waitFor((record) => record.kind === 'pong', minute);
    }
    clock.advance(MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'idle timeout' });
  });

  test('maintenance sends socket_closing at 10 min and closes 1001 one minute later', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'maintenance' });
    running = sim;
    const socket = await connect(sim, token, journal);
    clock.advance(10 * MINUTE);
    const [warning] = await socket.waitFor((message) => message.topicName === 'v2.system.socket_closing');
    assert.equal(typeof warning.eventBody, 'object');
    clock.advance(MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'service maintenance' });
  });

  test('network-drop destroys the connection at 10 min without a close frame, so the client sees 1006', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'network-drop' });
    running = sim;
    const socket = await connect(sim, token, journal);
    clock.advance(10 * MINUTE - 1);
    assert.equal(journal.of('drop').length, 0);
    clock.advance(1);
    assert.equal(journal.of('drop').length, 1);
    assert.equal((await socket.closed).code, 1006);
  });

  test('steady never closes, however long it runs', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'steady' });
    running = sim;
    await connect(sim, token, journal);
    clock.advance(6 * 60 * MINUTE);
    assert.equal(journal.of('close').length + journal.of('drop').length, 0);
    assert.equal(journal.of('heartbeat').length, 720);
  });

  test('topic events arrive on subscribed topics with the documented shape', async () => {
    const scenario = quietScenario({ topicEventIntervalMs: MINUTE });
    const { sim, clock, journal, token } = await manualSim({ scenario });
    running = sim;
    const topic = `v2.users.${sim.credentials.userId}.presence`;
    const socket = await connect(sim, token, journal, [topic]);
    clock.advance(MINUTE);
    const [event] = await socket.waitFor((message) => message.topicName === topic);
    assert.equal(event.version, '2');
    assert.equal(typeof event.eventBody.presenceDefinition.systemPresence, 'string');
    assert.equal(typeof event.metadata.CorrelationId, 'string');
    assert.equal(journal.of('notification')[0]?.detail, topic);
  });

  test('the journal records open, heartbeat and the closing rule for the channel, in order', async () => {
    const scenario = quietScenario({ closeRules: [{ kind: 'max-age', afterMs: 45_000, code: 4001, reason: 'age' }] });
    const { sim, clock, journal, token } = await manualSim({ scenario });
    running = sim;
    const socket = await connect(sim, token, journal);
    clock.advance(45_000);
    await socket.closed;
    const socketRecords = journal.records.filter((record) => record.socket !== undefined);
    const channel = socketRecords[0]?.channel;
    assert.deepEqual(
      socketRecords.map(({ kind, channel: id, code, reason, detail }) => ({
        kind,
        same: id === channel,
        code,
        reason,
        detail,
      })),
      [
        { kind: 'open', same: true, code: undefined, reason: undefined, detail: undefined },
        { kind: 'heartbeat', same: true, code: undefined, reason: undefined, detail: undefined },
        { kind: 'close', same: true, code: 4001, reason: 'age', detail: 'rule:max-age' },
      ],
    );
  });

  test('an upgrade to an unknown channel is refused with 404', async () => {
    const { sim } = await manualSim();
    running = sim;
    const ws = new WebSocket(`ws://127.0.0.1:${sim.port}/channels/streaming-0-unknown`);
    ws.on('error', () => {});
    const [, response] = await once(ws, 'unexpected-response');
    assert.equal(response.statusCode, 404);
    ws.terminate();
  });

  test('the default scenario on the system clock closes 1001 under a high time scale', async () => {
    const sim = await startSimulator({ timeScale: 3000 });
    running = sim;
    assert.equal(sim.scenario.name, 'idle-timeout');
    const channel = await createChannel(sim, await clientToken(sim));
    const socket = await TestSocket.open(channel.connectUri);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'idle timeout' });
    assert.ok(socket.messages.filter(isHeartbeat).length >= 25);
  });

  test('close() ends open sockets and leaves no timer pending', async () => {
    const { sim, clock, journal, token } = await manualSim({ scenario: 'idle-timeout' });
    const socket = await connect(sim, token, journal);
    await sim.close();
    assert.equal(clock.pendingCount(), 0);
    assert.equal((await socket.closed).code, 1006);
  });
});

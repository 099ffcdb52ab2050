import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ManualClock } from '../../src/clock/manual-clock.js';
import type { RunningSimulator } from '../../src/sim/simulator.js';
import {
  api,
  clientToken,
  createChannel,
  type SimChannelJson,
  simulatorPerTest,
  TestSocket,
} from '../support/sim-client.js';

const CHANNELS = '/api/v2/notifications/channels';

describe('simulator channel limits', () => {
  const startSim = simulatorPerTest();

  async function start() {
    const started = await startSim();
    return { ...started, token: await clientToken(started.sim) };
  }

  /** Creates `count` channels, one millisecond apart, so their last use is ordered. */
  async function createMany(
    running: RunningSimulator,
    clock: ManualClock,
    token: string,
    count: number,
  ): Promise<SimChannelJson[]> {
    const created: SimChannelJson[] = [];
    for (let i = 0; i < count; i++) {
      created.push(await createChannel(running, token));
      clock.advance(1);
    }
    return created;
  }

  const exists = async (running: RunningSimulator, token: string, id: string) =>
    (await api(running, 'HEAD', `${CHANNELS}/${id}`, token)).status === 200;

  test('a 21st channel evicts the least recently used channel that has no connection', async () => {
    const { sim: running, clock, journal, token } = await start();
    const channels = await createMany(running, clock, token, 20);
    const [first, second, third] = channels as [SimChannelJson, SimChannelJson, SimChannelJson];
    const socket = await TestSocket.open(first.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    clock.advance(1);
    assert.ok(await exists(running, token, second.id)); // a HEAD is a use: the second is now the freshest
    await createChannel(running, token);
    assert.equal(await exists(running, token, third.id), false);
    assert.ok(await exists(running, token, first.id));
    assert.ok(await exists(running, token, second.id));
    const listed = await api(running, 'GET', `${CHANNELS}?includechannels=oauthclient`, token);
    assert.equal(listed.body.entities.length, 20);
    socket.ws.terminate();
  });

  test('when all 20 channels are connected, the least recently used one is evicted and its socket closed', async () => {
    const { sim: running, clock, journal, token } = await start();
    const channels = await createMany(running, clock, token, 20);
    const sockets: TestSocket[] = [];
    for (const channel of channels) {
      sockets.push(await TestSocket.open(channel.connectUri));
      await journal.waitFor((record) => record.kind === 'open', sockets.length);
      clock.advance(1);
    }
    await createChannel(running, token);
    assert.deepEqual(await sockets[0]?.closed, { code: 1001, reason: 'channel evicted' });
    assert.equal(await exists(running, token, channels[0]!.id), false);
    assert.ok(await exists(running, token, channels[1]!.id));
    const [closeRecord] = journal.of('close');
    assert.equal(closeRecord?.detail, 'channel-evicted');
    assert.equal(closeRecord?.channel, channels[0]!.id);
  });

  test('channels of the user token and of the client-credentials token are counted apart', async () => {
    const { sim: running, clock, token } = await start();
    const userChannel = await createChannel(running, running.credentials.userToken);
    await createMany(running, clock, token, 21);
    assert.ok(await exists(running, token, userChannel.id));
  });
});

describe('simulator sockets per channel', () => {
  const startSim = simulatorPerTest();

  test('a second socket on a channel disconnects the first and takes over its heartbeats', async () => {
    const { sim, clock, journal } = await startSim({ timeScale: 30 });
    const channel = await createChannel(sim, await clientToken(sim));
    const first = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    const second = await TestSocket.open(channel.connectUri);
    assert.deepEqual(await first.closed, { code: 1001, reason: 'another connection replaced this one' });
    await journal.waitFor((record) => record.kind === 'open', 2);
    assert.equal(journal.of('close')[0]?.detail, 'second-socket');
    clock.advance(1000);
    await second.waitFor((message) => message.topicName === 'channel.metadata');
    assert.equal(journal.of('heartbeat').length, 1);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningSimulator } from '../../src/sim/simulator.js';
import { api, clientToken, createChannel, simulatorPerTest, TestSocket } from '../support/sim-client.js';

const HOUR = 3_600_000;
const CHANNELS = '/api/v2/notifications/channels';

describe('simulator channel lifetime and topic limit', () => {
  const startSim = simulatorPerTest();

  async function start() {
    // A token that outlives the test, so only the channel's own lifetime is at stake.
    const started = await startSim({ tokenLifetimeMs: 100 * HOUR });
    return { ...started, token: await clientToken(started.sim) };
  }

  const status = async (running: RunningSimulator, token: string, id: string) =>
    (await api(running, 'HEAD', `${CHANNELS}/${id}`, token)).status;

  test('a channel expires 24 h after creation: its socket is closed and HEAD answers 404', async () => {
    const { sim: running, clock, journal, token } = await start();
    const channel = await createChannel(running, token);
    const socket = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    clock.advance(24 * HOUR - 1);
    assert.equal(await status(running, token, channel.id), 200);
    clock.advance(1);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'channel expired' });
    assert.equal(await status(running, token, channel.id), 404);
    assert.equal(journal.of('close')[0]?.detail, 'channel-expired');
  });

  test('the expires field of a new channel is 24 h of scenario time away, scaled to real time', async () => {
    const { sim, clock } = await startSim({ timeScale: 60 });
    const channel = await createChannel(sim, await clientToken(sim));
    assert.equal(Date.parse(channel.expires) - clock.wallNow(), (24 * HOUR) / 60);
  });

  test('a subscription call extends the channel by a full 24 h from that moment', async () => {
    const { sim: running, clock, token } = await start();
    const channel = await createChannel(running, token);
    clock.advance(23 * HOUR);
    const subscribed = await api(running, 'POST', `${CHANNELS}/${channel.id}/subscriptions`, token, [
      { id: 'v2.users.a.presence' },
    ]);
    assert.equal(subscribed.status, 200);
    clock.advance(24 * HOUR - 1);
    assert.equal(await status(running, token, channel.id), 200);
    clock.advance(1);
    assert.equal(await status(running, token, channel.id), 404);
  });

  test('a channel takes 1,000 topics and refuses the 1,001st with 400, keeping what it had', async () => {
    const { sim: running, token } = await start();
    const channel = await createChannel(running, token);
    const path = `${CHANNELS}/${channel.id}/subscriptions`;
    const thousand = Array.from({ length: 1000 }, (_, i) => ({ id: `v2.users.u${i}.presence` }));
    assert.equal((await api(running, 'PUT', path, token, thousand)).status, 200);
    const refused = await api(running, 'POST', path, token, [{ id: 'v2.users.extra.presence' }]);
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /1000 topics/);
    assert.equal((await api(running, 'GET', path, token)).body.entities.length, 1000);
  });
});

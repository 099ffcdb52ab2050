import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findScenario } from '../../src/sim/built-in-scenarios.js';
import { api, clientToken, createChannel, simulatorPerTest } from '../support/sim-client.js';

const LISTED = '/api/v2/notifications/channels?includechannels=oauthclient';

describe("a scenario's channel limit", () => {
  const startSim = simulatorPerTest();

  test('raised, it lets one user and OAuth client hold more than 20 channels, and evicts past the new limit', async () => {
    const { sim } = await startSim({ scenario: { ...findScenario('steady'), channelLimit: 30 }, rateLimit: null });
    const token = await clientToken(sim);
    const created: Array<{ id: string }> = [];
    for (let i = 0; i < 31; i += 1) created.push(await createChannel(sim, token));
    const listed = (await api(sim, 'GET', LISTED, token)).body.entities as Array<{ id: string }>;
    assert.equal(listed.length, 30);
    assert.ok(
      listed.some((channel) => channel.id === created[29]?.id),
      'the 30th is kept',
    );
  });

  test('absent, the documented 20 hold', async () => {
    const { sim } = await startSim({ rateLimit: null });
    const token = await clientToken(sim);
    for (let i = 0; i < 25; i += 1) await createChannel(sim, token);
    assert.equal((await api(sim, 'GET', LISTED, token)).body.entities.length, 20);
  });

  test('a file that sets it to 0 or a fraction is refused, naming the field', async () => {
    for (const channelLimit of [0, 2.5])
      await assert.rejects(
        startSim({ scenario: { ...findScenario('steady'), channelLimit } }),
        /channelLimit: must be a whole number above 0/,
      );
  });
});

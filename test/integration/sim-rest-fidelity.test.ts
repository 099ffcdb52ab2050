import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { api, clientToken, createChannel } from '../support/sim-client.js';

const CHANNELS = '/api/v2/notifications/channels';

describe('simulator REST as Genesys documents it: channel lists, topic permissions, the topic catalogue', () => {
  let sim: RunningSimulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({
      scenario: 'steady',
      deniedTopics: [{ topic: 'v2.routing.queues.*.conversations', permission: 'routing:queue:view' }],
    });
    token = await clientToken(sim);
  });
  after(() => sim.close());

  const subscriptions = (id: string) => `${CHANNELS}/${id}/subscriptions`;

  test('includechannels=token lists exactly the channels this token created, with their ids', async () => {
    const other = await clientToken(sim);
    const mine = await createChannel(sim, token);
    const theirs = await createChannel(sim, other);
    const listed = await api(sim, 'GET', `${CHANNELS}?includechannels=token`, token);
    const ids = listed.body.entities.map((c: { id: string }) => c.id);
    assert.ok(ids.includes(mine.id));
    assert.ok(!ids.includes(theirs.id));
    assert.deepEqual(
      listed.body.entities.find((c: { id: string }) => c.id === mine.id),
      mine,
    );
  });

  test("includechannels=oauthclient shows another token's channel only as a placeholder without id or connectUri", async () => {
    const other = await clientToken(sim);
    const theirs = await createChannel(sim, other);
    const mine = await createChannel(sim, token);
    const listed = await api(sim, 'GET', `${CHANNELS}?includechannels=oauthclient`, token);
    const entities: Array<Record<string, string>> = listed.body.entities;
    assert.deepEqual(
      entities.find((c) => c.id === mine.id),
      mine,
    );
    assert.ok(!JSON.stringify(listed.body).includes(theirs.id), "the other token's channel id never appears");
    const placeholders = entities.filter((c) => c.id === undefined);
    assert.ok(
      placeholders.some((c) => c.expires === theirs.expires),
      'the other channel is presented by its expiry',
    );
    assert.ok(placeholders.every((c) => Object.keys(c).join() === 'expires'));
  });

  test("includechannels=oauthclient counts the owner the 20-channel limit counts: the agent's channels are not the client's", async () => {
    const count = async (bearer: string) =>
      (await api(sim, 'GET', `${CHANNELS}?includechannels=oauthclient`, bearer)).body.entities.length;
    const clientBefore = await count(token);
    const agentChannel = await createChannel(sim, sim.credentials.userToken);
    assert.equal(await count(token), clientBefore, "the agent's channel is not counted for the client");
    const asAgent = await api(sim, 'GET', `${CHANNELS}?includechannels=oauthclient`, sim.credentials.userToken);
    assert.deepEqual(
      asAgent.body.entities.map((c: { id: string }) => c.id),
      [agentChannel.id],
    );
  });

  test('a topic the token lacks a permission for fails the whole subscription with 403 and changes nothing', async () => {
    const channel = await createChannel(sim, token, ['v2.users.a.presence']);
    const reply = await api(sim, 'POST', subscriptions(channel.id), token, [
      { id: 'v2.users.b.presence' },
      { id: 'v2.routing.queues.q1.conversations' },
    ]);
    assert.equal(reply.status, 403);
    assert.equal(reply.body.status, 403);
    assert.match(
      reply.body.message,
      /v2\.routing\.queues\.q1\.conversations \(routing:queue:view\).*ignoreErrors=true/,
    );
    const kept = await api(sim, 'GET', subscriptions(channel.id), token);
    assert.deepEqual(
      kept.body.entities.map((t: { id: string }) => t.id),
      ['v2.users.a.presence'],
    );
  });

  test('with ignoreErrors=true the permitted topics are subscribed and the rejected one is reported with its missing permission', async () => {
    const channel = await createChannel(sim, token);
    const reply = await api(sim, 'PUT', `${subscriptions(channel.id)}?ignoreErrors=true`, token, [
      { id: 'v2.users.b.presence' },
      { id: 'v2.routing.queues.q1.conversations' },
    ]);
    assert.equal(reply.status, 200);
    const selfUri = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    assert.deepEqual(reply.body.entities, [
      { id: 'v2.users.b.presence', state: 'Permitted', selfUri },
      {
        id: 'v2.routing.queues.q1.conversations',
        state: 'Rejected',
        rejectionReason: reply.body.entities[1].rejectionReason,
        missingPermissions: ['routing:queue:view'],
        selfUri,
      },
    ]);
    assert.equal(typeof reply.body.entities[1].rejectionReason, 'string');
    const kept = await api(sim, 'GET', subscriptions(channel.id), token);
    assert.deepEqual(
      kept.body.entities.map((t: { id: string }) => t.id),
      ['v2.users.b.presence'],
    );
  });

  test('a denied topic pattern matches only the topics it names', async () => {
    const channel = await createChannel(sim, token);
    const reply = await api(sim, 'POST', subscriptions(channel.id), token, [{ id: 'v2.routing.queues.q1.users' }]);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.entities[0].state, 'Permitted');
  });

  test("availabletopics lists real topic names with the fields of the SDK's AvailableTopic model", async () => {
    const reply = await api(sim, 'GET', '/api/v2/notifications/availabletopics', token);
    assert.equal(reply.status, 200);
    const ids = reply.body.entities.map((t: { id: string }) => t.id);
    for (const id of [
      'v2.users.{id}.presence',
      'v2.users.{id}.routingStatus',
      'v2.users.{id}.conversations',
      'v2.routing.queues.{id}.conversations',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    assert.ok(ids.length >= 12, `topics: ${ids.length}`);
    for (const topic of reply.body.entities) {
      assert.equal(typeof topic.description, 'string');
      assert.ok(Array.isArray(topic.requiresPermissions));
      assert.ok(Array.isArray(topic.transports) && topic.transports.includes('Websocket'));
    }
    const queue = reply.body.entities.find((t: { id: string }) => t.id === 'v2.routing.queues.{id}.conversations');
    assert.ok(queue.requiresPermissions.includes('routing:queue:view'));
  });
});

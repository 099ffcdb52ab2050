import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Scenario } from '../../src/sim/scenario.js';
import { api, clientToken, createChannel, simulatorPerTest, TestSocket } from '../support/sim-client.js';

const HOUR = 3_600_000;
const scenario: Scenario = {
  name: 'events',
  summary: 'test',
  hypothesis: 'test',
  basis: 'assumed',
  heartbeatIntervalMs: 30_000,
  topicEventIntervalMs: 60_000,
  closeRules: [],
};
const isReply = (message: any): boolean => typeof message.result === 'string';

describe('subscribing over the socket', () => {
  const startSim = simulatorPerTest();

  async function connected() {
    const { sim, clock, journal } = await startSim({ scenario, tokenLifetimeMs: 100 * HOUR });
    const token = await clientToken(sim);
    const channel = await createChannel(sim, token);
    const socket = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    return { sim, clock, journal, token, channel, socket };
  }

  test('a subscribe message is answered 200 "subscribed" with its correlationId, and events follow on the topic', async () => {
    const { sim: running, clock, journal, token, channel, socket } = await connected();
    socket.send({ message: 'subscribe', topics: ['v2.users.a.presence'], correlationId: 'abc' });
    const [reply] = await socket.waitFor(isReply);
    assert.deepEqual(reply, { result: '200', status: 'subscribed', correlationId: 'abc' });
    const listed = await api(running, 'GET', `/api/v2/notifications/channels/${channel.id}/subscriptions`, token);
    assert.deepEqual(
      listed.body.entities.map((t: { id: string }) => t.id),
      ['v2.users.a.presence'],
    );
    await journal.waitFor((record) => record.detail === 'subscribe reply 200');
    clock.advance(60_000);
    await socket.waitFor((message) => message.topicName === 'v2.users.a.presence');
  });

  test('an unsubscribe message removes the topic and is answered "unsubscribed"', async () => {
    const { socket, journal } = await connected();
    socket.send({ message: 'subscribe', topics: ['v2.users.a.presence', 'v2.users.b.presence'], correlationId: '1' });
    socket.send({ message: 'unsubscribe', topics: ['v2.users.a.presence'], correlationId: '2' });
    const replies = await socket.waitFor(isReply, 2);
    assert.deepEqual(replies[1], { result: '200', status: 'unsubscribed', correlationId: '2' });
    await journal.waitFor((record) => record.detail === 'unsubscribe reply 200');
  });

  test('a subscribe without a topic list is answered 400 "error"', async () => {
    const { socket } = await connected();
    socket.send({ message: 'subscribe', topics: 'v2.users.a.presence', correlationId: 'x' });
    const [reply] = await socket.waitFor(isReply);
    assert.equal(reply.result, '400');
    assert.equal(reply.status, 'error');
  });

  test('a subscribe on a channel whose token was revoked is answered 404', async () => {
    const { sim: running, token, socket } = await connected();
    running.revokeToken(token, { closeSockets: false });
    socket.send({ message: 'subscribe', topics: ['v2.users.a.presence'], correlationId: 'late' });
    const [reply] = await socket.waitFor(isReply);
    assert.equal(reply.result, '404');
    assert.equal(reply.correlationId, 'late');
    socket.ws.terminate();
  });

  test("a subscribe over the socket extends the channel's life like a REST subscription", async () => {
    const { sim: running, clock, journal, token, channel, socket } = await connected();
    clock.advance(23 * HOUR);
    socket.send({ message: 'subscribe', topics: ['v2.users.a.presence'], correlationId: 'keep' });
    await journal.waitFor((record) => record.detail === 'subscribe reply 200');
    clock.advance(2 * HOUR);
    assert.equal((await api(running, 'HEAD', `/api/v2/notifications/channels/${channel.id}`, token)).status, 200);
  });
});

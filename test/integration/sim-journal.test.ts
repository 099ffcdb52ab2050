import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SimRecord } from '../../src/sim/journal.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { api, clientToken, createChannel, simulatorPerTest, TestSocket } from '../support/sim-client.js';

const CHANNELS = '/api/v2/notifications/channels';
const DAY = 24 * 60 * 60_000;

const quiet: Scenario = {
  name: 'journal-test',
  summary: 'heartbeats only',
  hypothesis: 'none',
  basis: 'assumed',
  heartbeatIntervalMs: 30_000,
  topicEventIntervalMs: null,
  closeRules: [],
};

/** The fields a record has beyond those every record has, for comparing records whatever their times. */
function shape(record: SimRecord): Record<string, unknown> {
  const { at: _at, scenarioMs: _scenarioMs, channel: _channel, client: _client, ...rest } = record;
  return rest;
}

describe('the simulator journal records what a client does and what is done to it', () => {
  const startSim = simulatorPerTest();

  test('a token, REST calls, a channel, subscriptions, a socket with its frames and a client close, each once', async () => {
    const { sim, clock, journal } = await startSim({ scenario: quiet, timeScale: 10 });
    const token = await clientToken(sim);
    const channel = await createChannel(sim, token, ['v2.users.u1.presence']);
    await api(sim, 'GET', `${CHANNELS}?includechannels=token`, token);
    const socket = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    clock.advance(3_000); // 30 s of scenario time at 10x
    await journal.waitFor((record) => record.kind === 'heartbeat');
    const ping = { message: 'ping' };
    const subscribe = { message: 'subscribe', topics: ['v2.users.u1.routingStatus'], correlationId: 'c1' };
    socket.send(ping);
    socket.send(subscribe);
    socket.ws.send('hello');
    socket.ws.ping();
    await journal.waitFor((record) => record.kind === 'client-frame', 4);
    await journal.waitFor((record) => record.kind === 'subscriptions' && record.how === 'socket-subscribe');
    socket.ws.close(4321, 'bye');
    await journal.waitFor((record) => record.kind === 'close');

    const label = sim.credentials.clientId;
    for (const record of journal.records) {
      assert.equal(record.client, label, `${record.kind} names the OAuth client`);
      assert.equal(record.scenarioMs, (record.at - journal.records[0]!.at) * 10 + journal.records[0]!.scenarioMs);
    }
    const onChannel = journal.records.filter((record) => record.kind !== 'token');
    for (const record of onChannel.filter((r) => r.kind !== 'rest' || r.path?.includes(channel.id)))
      assert.equal(record.channel, channel.id, `${record.kind} ${record.detail ?? ''} names the channel`);
    assert.deepEqual(journal.records.map(shape), [
      { kind: 'token', grant: 'client_credentials', expiresInMs: DAY },
      { kind: 'rest', method: 'POST', path: '/oauth/token', status: 200 },
      { kind: 'channel-created', expiresInMs: DAY },
      { kind: 'rest', method: 'POST', path: CHANNELS, status: 200 },
      { kind: 'subscriptions', how: 'PUT', topics: 1, expiresInMs: DAY },
      { kind: 'rest', method: 'PUT', path: `${CHANNELS}/${channel.id}/subscriptions`, status: 200 },
      { kind: 'rest', method: 'GET', path: CHANNELS, status: 200 },
      { kind: 'open', socket: 1 },
      { kind: 'heartbeat', socket: 1 },
      { kind: 'client-frame', socket: 1, detail: 'ping', bytes: JSON.stringify(ping).length },
      { kind: 'pong', socket: 1 },
      { kind: 'client-frame', socket: 1, detail: 'subscribe', bytes: JSON.stringify(subscribe).length },
      { kind: 'subscriptions', socket: 1, how: 'socket-subscribe', topics: 2, expiresInMs: DAY },
      { kind: 'notification', socket: 1, detail: 'subscribe reply 200' },
      { kind: 'client-frame', socket: 1, detail: 'other', bytes: 5 },
      { kind: 'client-frame', socket: 1, detail: 'ws-ping' },
      { kind: 'close', socket: 1, code: 4321, reason: 'bye', detail: 'by-client', by: 'client' },
    ]);
    const heartbeat = journal.of('heartbeat')[0]!;
    const opened = journal.of('open')[0]!;
    assert.equal(heartbeat.scenarioMs - opened.scenarioMs, 30_000, 'scenario time runs at the time scale');
  });

  test('a server close says so; a refused upgrade, an eviction, an expiry and a revocation are journalled', async () => {
    const { sim, clock, journal } = await startSim({ scenario: quiet });
    const token = await clientToken(sim);
    const channels = [];
    for (let i = 0; i < 20; i++) {
      channels.push(await createChannel(sim, token));
      clock.advance(1);
    }
    const socket = await TestSocket.open(channels[0]!.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    await createChannel(sim, token); // the 21st evicts the oldest channel without a socket: the second
    assert.deepEqual(
      journal.of('evict').map((r) => [r.channel, r.client]),
      [[channels[1]!.id, sim.credentials.clientId]],
    );

    await assert.rejects(TestSocket.open(`${channels[1]!.connectUri}`));
    const [refused] = await journal.waitFor((record) => record.kind === 'refused');
    assert.deepEqual([refused!.channel, refused!.status], [channels[1]!.id, 404]);

    sim.revokeToken(token);
    assert.equal(journal.of('token-revoked').length, 1);
    const [closed] = await journal.waitFor((record) => record.kind === 'close');
    assert.deepEqual([closed!.by, closed!.channel, closed!.detail], ['server', channels[0]!.id, 'token-revoked']);
    await socket.closed;

    clock.advance(DAY);
    assert.ok(journal.of('expire').length >= 18, 'every channel left expires after 24 h');
  });

  test('a 429 records its Retry-After; a path keeps no query', async () => {
    const { sim, journal } = await startSim({ scenario: quiet, rateLimit: { requests: 1, perMs: 60_000 } });
    const token = await clientToken(sim);
    await api(sim, 'GET', `${CHANNELS}?includechannels=token`, token);
    const limited = await api(sim, 'GET', `${CHANNELS}?includechannels=token`, token);
    assert.equal(limited.status, 429);
    const rest = journal.of('rest').filter((r) => r.path === CHANNELS);
    assert.deepEqual(
      rest.map((r) => [r.status, r.retryAfter]),
      [
        [200, undefined],
        [429, Number(limited.headers.get('retry-after'))],
      ],
    );
  });

  test('a token idling out is journalled before the socket it closes', async () => {
    const scenario: Scenario = {
      ...quiet,
      closeRules: [{ kind: 'token-idle', afterMs: 60_000, code: 4401, reason: 'idle token' }],
    };
    const { sim, clock, journal } = await startSim({ scenario });
    const token = sim.credentials.userToken;
    const channel = await createChannel(sim, token);
    const socket = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    clock.advance(60_000);
    await socket.closed;
    const kinds = journal.records.filter((r) => r.socket !== undefined).map((r) => r.kind);
    assert.deepEqual(kinds.slice(-2), ['token-idle', 'close']);
    assert.equal(journal.of('token-idle')[0]?.client, `${sim.credentials.clientId}/${sim.credentials.userId}`);
  });
});

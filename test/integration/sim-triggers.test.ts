import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { WebSocket } from 'ws';
import type { RunningSimulator } from '../../src/sim/simulator.js';
import { within } from '../support/deadline.js';
import {
  api,
  clientToken,
  createChannel,
  isHeartbeat,
  isPong,
  type SimChannelJson,
  simulatorPerTest,
  TestSocket,
} from '../support/sim-client.js';

const CHANNELS = '/api/v2/notifications/channels';
const MINUTE = 60_000;

/** POSTs a trigger to the control endpoint; `body` may be any text. */
async function trigger(sim: RunningSimulator, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sim.localBase}/_idleprobe/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A WebSocket upgrade that is expected to be refused: its status and Retry-After. */
async function refusedUpgrade(uri: string): Promise<{ status: number; retryAfter: string | undefined }> {
  const ws = new WebSocket(uri);
  ws.on('error', () => {});
  const [, response] = await within(once(ws, 'unexpected-response'), 'the upgrade to be refused');
  ws.terminate();
  return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
}

describe('the control endpoint POST /_idleprobe/trigger', () => {
  const startSim = simulatorPerTest();

  async function connected(options = {}) {
    const started = await startSim(options);
    const token = await clientToken(started.sim);
    const channel = await createChannel(started.sim, token);
    const socket = await TestSocket.open(channel.connectUri);
    await started.journal.waitFor((record) => record.kind === 'open');
    return { ...started, token, channel, socket };
  }

  const exists = async (sim: RunningSimulator, token: string, channel: SimChannelJson) =>
    (await api(sim, 'HEAD', `${CHANNELS}/${channel.id}`, token)).status === 200;

  test('maintenance sends socket_closing, then closes one minute later with 1001', async () => {
    const { sim, clock, journal, socket, channel } = await connected();
    const answer = await trigger(sim, { action: 'maintenance', channel: '*' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.channels, [channel.id]);
    const [warning] = await socket.waitFor((m) => m.topicName === 'v2.system.socket_closing');
    assert.equal(warning.eventBody.channelId, channel.id);
    clock.advance(MINUTE - 1);
    assert.equal(journal.of('close').length, 0);
    clock.advance(1);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'service maintenance' });
    const [record] = journal.of('trigger');
    assert.deepEqual(
      [record?.action, record?.channel, record?.detail?.startsWith('endpoint: warned 1 socket')],
      ['maintenance', '*', true],
    );
  });

  test('close closes the one channel named with the code and reason given', async () => {
    const { sim, socket, channel, token } = await connected();
    const other = await TestSocket.open((await createChannel(sim, token)).connectUri);
    const answer = await trigger(sim, { action: 'close', channel: channel.id, code: 4003, reason: 'bench' });
    assert.deepEqual([answer.status, answer.body.channels], [200, [channel.id]]);
    assert.deepEqual(await socket.closed, { code: 4003, reason: 'bench' });
    assert.equal(other.ws.readyState, WebSocket.OPEN);
    other.ws.terminate();
  });

  test('evict sends no_longer_subscribed and removes the channel; expire removes it', async () => {
    const { sim, socket, channel, token } = await connected();
    assert.equal((await trigger(sim, { action: 'evict', channel: channel.id })).status, 200);
    await socket.waitFor((m) => m.topicName === `v2.system.no_longer_subscribed.${channel.id}`);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'channel evicted' });
    assert.equal(await exists(sim, token, channel), false);

    const second = await createChannel(sim, token);
    const secondSocket = await TestSocket.open(second.connectUri);
    assert.equal((await trigger(sim, { action: 'expire', channel: '*' })).status, 200);
    assert.deepEqual(await secondSocket.closed, { code: 1001, reason: 'channel expired' });
    assert.equal(await exists(sim, token, second), false);
  });

  test('revoke-token and idle-token make the token answer 401 and close its sockets', async () => {
    const { sim, socket, channel, token, journal } = await connected();
    assert.equal((await trigger(sim, { action: 'revoke-token', channel: channel.id })).status, 200);
    await socket.waitFor((m) => m.topicName === `v2.system.token_revoked.${channel.id}`);
    await socket.closed;
    assert.equal((await api(sim, 'GET', CHANNELS, token)).status, 401);

    const fresh = await clientToken(sim);
    const idle = await TestSocket.open((await createChannel(sim, fresh)).connectUri);
    assert.equal((await trigger(sim, { action: 'idle-token', channel: '*' })).status, 200);
    assert.equal((await idle.closed).code, 1001);
    assert.equal((await api(sim, 'GET', CHANNELS, fresh)).status, 401);
    assert.equal(journal.of('token-idle').length, 1);
  });

  test('half-open keeps the TCP connection but sends and answers nothing', async () => {
    const { sim, clock, socket, journal } = await connected();
    assert.equal((await trigger(sim, { action: 'half-open', channel: '*' })).status, 200);
    socket.send({ message: 'ping' });
    clock.advance(5 * MINUTE);
    // The trigger answered before the frames were due; give the loopback a round trip with a REST call.
    await api(sim, 'GET', CHANNELS, null);
    assert.equal(socket.messages.filter((m) => isHeartbeat(m) || isPong(m)).length, 0);
    assert.equal(socket.ws.readyState, WebSocket.OPEN);
    assert.deepEqual(
      journal.of('drop').map((r) => r.detail),
      ['trigger:half-open'],
    );
    // Whatever the service does next, nothing reaches the client over the dead path.
    const answer = await trigger(sim, { action: 'expire', channel: '*' });
    assert.equal(answer.status, 200);
    await api(sim, 'GET', CHANNELS, null);
    assert.equal(socket.ws.readyState, WebSocket.OPEN);
    assert.deepEqual(
      journal.of('close').map((r) => [r.detail, r.by]),
      [['channel-expired (half-open: not delivered)', 'server']],
    );
    socket.ws.close();
    await socket.closed;
  });

  test('reset destroys the TCP connection: the client sees 1006', async () => {
    const { sim, socket, journal } = await connected();
    assert.equal((await trigger(sim, { action: 'reset', channel: '*' })).status, 200);
    assert.equal((await socket.closed).code, 1006);
    assert.deepEqual(
      journal.of('drop').map((r) => [r.detail, r.socket]),
      [['trigger:reset', 1]],
    );
  });

  test('refuse answers new upgrades 503 with Retry-After for the time given, then lets them in', async () => {
    const { sim, clock, channel, socket, journal } = await connected();
    const answer = await trigger(sim, { action: 'refuse', channel: '*', for: '30s' });
    assert.equal(answer.status, 200);
    assert.equal(socket.ws.readyState, WebSocket.OPEN, 'the sockets already open stay open');
    assert.deepEqual(await refusedUpgrade(channel.connectUri), { status: 503, retryAfter: '30' });
    assert.deepEqual(
      journal.of('refused').map((r) => [r.status, r.retryAfter, r.channel]),
      [[503, 30, channel.id]],
    );
    clock.advance(30_000);
    const again = await TestSocket.open(channel.connectUri);
    again.ws.terminate();
  });

  test('throttle answers REST calls with the status and Retry-After given, for the time given', async () => {
    const { sim, clock, token, journal } = await connected();
    const answer = await trigger(sim, { action: 'throttle', channel: '*', status: 503, retryAfter: 7, for: '1m' });
    assert.equal(answer.status, 200);
    const throttled = await api(sim, 'GET', CHANNELS, token);
    assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [503, '7']);
    assert.deepEqual(
      journal.of('rest').at(-1) && [journal.of('rest').at(-1)?.status, journal.of('rest').at(-1)?.retryAfter],
      [503, 7],
    );
    clock.advance(MINUTE);
    assert.equal((await api(sim, 'GET', CHANNELS, token)).status, 200);

    await trigger(sim, { action: 'throttle', channel: '*', for: '2m' });
    clock.advance(30_000);
    const defaulted = await api(sim, 'GET', CHANNELS, token);
    assert.deepEqual([defaulted.status, defaulted.headers.get('retry-after')], [429, '90']);
  });

  test('a bad request is answered 400 with the reason, and does nothing', async () => {
    const { sim, socket, journal } = await connected();
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /not JSON/],
      [{ action: 'explode', channel: '*' }, /action: must be one of maintenance, close, .*throttle \(got "explode"\)/],
      [{ action: 'close', channel: '*', code: 99 }, /code: must be a WebSocket close code from 1000 to 4999, not 99/],
      [{ action: 'close', channel: '*', colour: 'red' }, /colour: is not a field here/],
      [{ action: 'refuse', channel: '*' }, /for: is missing/],
      [{ action: 'throttle', channel: '*', status: 500, for: '1m' }, /status: must be 429 or 503/],
      [{ action: 'close' }, /channel: is missing/],
      [{ action: 'close', channel: 'streaming-0-nosuchchannel' }, /no channel "streaming-0-nosuchchannel"/],
      [[], /must be a JSON object/],
    ];
    for (const [body, reason] of cases) {
      const answer = await trigger(sim, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.message, reason);
    }
    assert.equal(socket.ws.readyState, WebSocket.OPEN);
    assert.equal(journal.of('trigger').length, 0);
    const get = await fetch(`${sim.localBase}/_idleprobe/trigger`);
    assert.equal(get.status, 405);
    socket.ws.terminate();
  });

  test('control requests are not journalled as REST calls of a client', async () => {
    const { sim, journal } = await connected();
    await trigger(sim, { action: 'close', channel: '*' });
    assert.equal(journal.of('rest').filter((r) => r.path?.startsWith('/_idleprobe')).length, 0);
  });
});

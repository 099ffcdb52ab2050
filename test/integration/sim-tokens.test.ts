import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { api, clientToken, createChannel, simulatorPerTest, TestSocket } from '../support/sim-client.js';

const MINUTE = 60_000;
const CHANNELS = '/api/v2/notifications/channels';

describe('simulator tokens and rate limit', () => {
  const start = simulatorPerTest();

  test('a client-credentials token is refused with 401 once its lifetime has passed', async () => {
    const { sim: running, clock } = await start({ tokenLifetimeMs: 5 * MINUTE });
    const token = await clientToken(running);
    clock.advance(5 * MINUTE - 1);
    assert.equal((await api(running, 'GET', CHANNELS, token)).status, 200);
    clock.advance(1);
    assert.equal((await api(running, 'GET', CHANNELS, token)).status, 401);
  });

  test('the user token expires on the same lifetime, scaled by the time scale', async () => {
    const { sim: running, clock } = await start({ tokenLifetimeMs: 10 * MINUTE, timeScale: 10 });
    const path = '/api/v2/users/me';
    clock.advance(MINUTE - 1);
    assert.equal((await api(running, 'GET', path, running.credentials.userToken)).status, 200);
    clock.advance(1);
    assert.equal((await api(running, 'GET', path, running.credentials.userToken)).status, 401);
  });

  test('revoking a token sends token_revoked on its connected channels, closes them and makes REST answer 401', async () => {
    const { sim: running, journal } = await start();
    const token = await clientToken(running);
    const channel = await createChannel(running, token);
    const socket = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    assert.equal(running.revokeToken(token), 1);
    const [message] = await socket.waitFor((m) => m.topicName === `v2.system.token_revoked.${channel.id}`);
    assert.equal(message.eventBody.systemTopicType, 'token_revoked');
    assert.equal(message.eventBody.channelId, channel.id);
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'token expired or revoked' });
    assert.equal((await api(running, 'GET', CHANNELS, token)).status, 401);
  });

  test('a revocation can leave the sockets open when the scenario says the service does not close them', async () => {
    const { sim: running, journal } = await start();
    const token = await clientToken(running);
    const channel = await createChannel(running, token);
    const socket = await TestSocket.open(channel.connectUri);
    await journal.waitFor((record) => record.kind === 'open');
    running.revokeToken(token, { closeSockets: false });
    await socket.waitFor((m) => String(m.topicName).startsWith('v2.system.token_revoked.'));
    socket.send({ message: 'ping' });
    await socket.waitFor((m) => m.eventBody?.message === 'pong');
    assert.equal(journal.of('close').length, 0);
    socket.ws.terminate();
  });

  test('revoking a token the simulator never issued is an IDLEPROBE_ERR_SIM error', async () => {
    const { sim: running } = await start();
    assert.throws(
      () => running.revokeToken('made-up'),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_SIM'),
    );
  });

  test('past the rate limit a token gets 429 with Retry-After in scenario seconds, and is served again after the window', async () => {
    const { sim: running, clock } = await start({ rateLimit: { requests: 3, perMs: MINUTE }, timeScale: 60 });
    const token = await clientToken(running);
    const other = await clientToken(running);
    for (let i = 0; i < 3; i++) assert.equal((await api(running, 'GET', CHANNELS, token)).status, 200);
    const limited = await api(running, 'GET', CHANNELS, token);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.equal(limited.body.code, 'too.many.requests');
    assert.equal((await api(running, 'GET', CHANNELS, other)).status, 200);
    clock.advance(1000);
    assert.equal((await api(running, 'GET', CHANNELS, token)).status, 200);
  });
});

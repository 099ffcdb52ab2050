import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { api, clientToken, createChannel } from '../support/sim-client.js';

describe('simulator REST and OAuth', () => {
  let sim: RunningSimulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ scenario: 'steady' });
    token = await clientToken(sim);
  });
  after(() => sim.close());

  const login = (authorization: string | null, body: string) =>
    fetch(`${sim.loginBase}/oauth/token`, {
      method: 'POST',
      headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  test('the login route issues a bearer token whose expires_in is the token lifetime in scenario seconds', async () => {
    const response = await login(
      basic(sim.credentials.clientId, sim.credentials.clientSecret),
      'grant_type=client_credentials',
    );
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 86_400);
    assert.equal(typeof body.access_token, 'string');
  });

  test('the login route refuses a wrong client secret with 401 invalid_client', async () => {
    const response = await login(basic(sim.credentials.clientId, 'wrong'), 'grant_type=client_credentials');
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as Record<string, unknown>).error, 'invalid_client');
  });

  test('the login route refuses a request without Basic credentials with 401', async () => {
    const response = await login(null, 'grant_type=client_credentials');
    assert.equal(response.status, 401);
  });

  test('the login route refuses any grant but client_credentials with 400 unsupported_grant_type', async () => {
    const response = await login(basic(sim.credentials.clientId, sim.credentials.clientSecret), 'grant_type=password');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Record<string, unknown>).error, 'unsupported_grant_type');
  });

  test('an API call without a token gets 401 with the Genesys error shape', async () => {
    const reply = await api(sim, 'POST', '/api/v2/notifications/channels', null);
    assert.equal(reply.status, 401);
    assert.equal(reply.body.status, 401);
    assert.equal(typeof reply.body.code, 'string');
    assert.equal(typeof reply.body.message, 'string');
  });

  test('an API call with an unknown token gets 401', async () => {
    const reply = await api(sim, 'GET', '/api/v2/notifications/channels', 'not-a-token');
    assert.equal(reply.status, 401);
    assert.equal(reply.body.code, 'bad.credentials');
  });

  test('a created channel has a streaming-0 id, a connectUri on this server and a future expiry', async () => {
    const channel = await createChannel(sim, token);
    assert.match(channel.id, /^streaming-0-[a-z0-9]{26}$/);
    assert.equal(channel.connectUri, `ws://127.0.0.1:${sim.port}/channels/${channel.id}`);
    assert.ok(Date.parse(channel.expires) > Date.now());
  });

  test('HEAD answers 200 for an existing channel and 404 for an unknown one', async () => {
    const channel = await createChannel(sim, token);
    assert.equal((await api(sim, 'HEAD', `/api/v2/notifications/channels/${channel.id}`, token)).status, 200);
    assert.equal(
      (await api(sim, 'HEAD', '/api/v2/notifications/channels/streaming-0-doesnotexist', token)).status,
      404,
    );
  });

  test('subscriptions add with POST, replace with PUT, clear with DELETE and read back with GET', async () => {
    const channel = await createChannel(sim, token);
    const path = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    const added = await api(sim, 'POST', path, token, [{ id: 'v2.users.a.presence' }]);
    assert.equal(added.status, 200);
    assert.deepEqual(
      added.body.entities.map((t: { id: string }) => t.id),
      ['v2.users.a.presence'],
    );
    assert.equal(added.body.entities[0].state, 'Permitted');
    await api(sim, 'POST', path, token, [{ id: 'v2.users.b.presence' }]);
    const read = await api(sim, 'GET', path, token);
    assert.deepEqual(
      read.body.entities.map((t: { id: string }) => t.id),
      ['v2.users.a.presence', 'v2.users.b.presence'],
    );
    const replaced = await api(sim, 'PUT', path, token, [{ id: 'v2.users.c.presence' }]);
    assert.deepEqual(
      replaced.body.entities.map((t: { id: string }) => t.id),
      ['v2.users.c.presence'],
    );
    assert.equal((await api(sim, 'DELETE', path, token)).status, 204);
    assert.deepEqual((await api(sim, 'GET', path, token)).body.entities, []);
  });

  test('a subscription body that is not a topic list gets 400 and the server keeps serving', async () => {
    const channel = await createChannel(sim, token);
    const path = `/api/v2/notifications/channels/${channel.id}/subscriptions`;
    assert.equal((await api(sim, 'POST', path, token, '{not json')).status, 400);
    assert.equal((await api(sim, 'POST', path, token, [{ name: 'x' }])).status, 400);
    assert.equal((await api(sim, 'GET', path, token)).status, 200);
  });

  test('subscriptions of an unknown channel get 404', async () => {
    const reply = await api(sim, 'GET', '/api/v2/notifications/channels/streaming-0-gone/subscriptions', token);
    assert.equal(reply.status, 404);
  });

  test('users/me returns the simulated user for the user token', async () => {
    const reply = await api(sim, 'GET', '/api/v2/users/me', sim.credentials.userToken);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.id, sim.credentials.userId);
    assert.equal(typeof reply.body.name, 'string');
  });

  test('users/me refuses a client-credentials token with 400 because it has no user context', async () => {
    const reply = await api(sim, 'GET', '/api/v2/users/me', token);
    assert.equal(reply.status, 400);
    assert.match(reply.body.message, /user context/);
  });

  test('an unknown path gets a 404 JSON body', async () => {
    const reply = await api(sim, 'GET', '/api/v2/nothing/here', token);
    assert.equal(reply.status, 404);
    assert.equal(reply.body.status, 404);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { isIdleprobeError } from '../../src/errors.js';
import { isGenesysHttpError } from '../../src/genesys/http.js';
import { NotificationsApi } from '../../src/genesys/notifications-api.js';
import { requestClientCredentialsToken } from '../../src/genesys/oauth.js';
import { expandTopics, isUserContextError, needsUser } from '../../src/genesys/topics.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';

describe('the REST client against the simulator', () => {
  let sim: RunningSimulator;
  let dispatcher: Agent;
  let clientToken: string;

  before(async () => {
    sim = await startSimulator({ scenario: 'steady' });
    dispatcher = new Agent();
    const { clientId, clientSecret } = sim.credentials;
    clientToken = (
      await requestClientCredentialsToken({ loginBase: sim.loginBase, clientId, clientSecret, dispatcher })
    ).accessToken;
  });
  after(async () => {
    await dispatcher.close();
    await sim.close();
  });

  const asUser = () => new NotificationsApi({ apiBase: sim.apiBase, token: sim.credentials.userToken, dispatcher });
  const asClient = () => new NotificationsApi({ apiBase: sim.apiBase, token: clientToken, dispatcher });

  test('client credentials get a bearer token with the service lifetime', async () => {
    const { clientId, clientSecret } = sim.credentials;
    const grant = await requestClientCredentialsToken({ loginBase: sim.loginBase, clientId, clientSecret, dispatcher });
    assert.equal(grant.tokenType.toLowerCase(), 'bearer');
    assert.equal(grant.expiresInMs, 24 * 60 * 60_000);
    assert.ok(grant.accessToken.length > 0);
  });

  test('a wrong client secret is an auth error', async () => {
    await assert.rejects(
      requestClientCredentialsToken({
        loginBase: sim.loginBase,
        clientId: sim.credentials.clientId,
        clientSecret: 'not-the-secret',
        dispatcher,
      }),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_AUTH') && !error.message.includes('not-the-secret'),
    );
  });

  test('users/me names the user of a user token and refuses a client-credentials token', async () => {
    assert.equal((await asUser().me()).id, sim.credentials.userId);
    await assert.rejects(asClient().me(), (error: unknown) => isUserContextError(error));
  });

  test('a channel is created, subscribed with {me} filled, listed, checked and cleared', async () => {
    const api = asUser();
    const channel = await api.createChannel();
    assert.match(channel.id, /^streaming-0-[a-z0-9]+$/);
    assert.equal(channel.connectUri, `ws://127.0.0.1:${sim.port}/channels/${channel.id}`);
    assert.ok(!Number.isNaN(Date.parse(channel.expires)));

    const wanted = ['v2.users.{me}.presence', 'v2.users.{me}.routingStatus'];
    assert.equal(needsUser(wanted), true);
    const topics = expandTopics(wanted, (await api.me()).id);
    const added = await api.addSubscriptions(channel.id, topics);
    assert.deepEqual(
      added.map((t) => [t.id, t.state]),
      topics.map((t) => [t, 'Permitted']),
    );
    assert.deepEqual((await api.getSubscriptions(channel.id)).map((t) => t.id).sort(), [...topics].sort());

    const replaced = await api.replaceSubscriptions(channel.id, [topics[0] as string]);
    assert.deepEqual(
      replaced.map((t) => t.id),
      [topics[0]],
    );

    assert.ok((await api.listChannels('token')).some((c) => c.id === channel.id));
    assert.equal(await api.channelExists(channel.id), true);

    await api.deleteSubscriptions(channel.id);
    assert.deepEqual(await api.getSubscriptions(channel.id), []);
  });

  test('the OAuth client list holds the channels its tokens created', async () => {
    const channel = await asClient().createChannel();
    assert.ok((await asClient().listChannels('oauthclient')).some((c) => c.id === channel.id));
  });

  test('an unknown channel is absent to HEAD and a 404 that explains expiry to the other calls', async () => {
    const api = asUser();
    assert.equal(await api.channelExists('streaming-0-doesnotexist0000000000000000'), false);
    await assert.rejects(api.getSubscriptions('streaming-0-doesnotexist0000000000000000'), (error: unknown) => {
      assert.ok(isGenesysHttpError(error, 404));
      assert.match(error.message, /expired/);
      return true;
    });
  });

  test('an unknown token is an auth error on every call', async () => {
    const stranger = new NotificationsApi({ apiBase: sim.apiBase, token: 'no-such-token-1234', dispatcher });
    await assert.rejects(
      stranger.createChannel(),
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_AUTH') && !error.message.includes('no-such-token-1234'),
    );
    await assert.rejects(stranger.channelExists('streaming-0-x'), (error: unknown) =>
      isIdleprobeError(error, 'IDLEPROBE_ERR_AUTH'),
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { isIdleprobeError } from '../../src/errors.js';
import { NotificationsApi } from '../../src/genesys/notifications-api.js';
import { isUserContextError } from '../../src/genesys/topics.js';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../support/http-server.js';

const TOKEN = 'user-token-5b1f0c2e9a7d';
const CHANNEL = 'streaming-0-fmtdmf8cdis7jh14udg5p89t6z';
const CHANNEL_JSON = {
  id: CHANNEL,
  connectUri: `wss://streaming.mypurecloud.com/channels/${CHANNEL}`,
  expires: '2020-08-12T12:41:54.707Z',
};
const SUBS = `/api/v2/notifications/channels/${CHANNEL}/subscriptions`;

describe('notification channel REST calls', () => {
  let server: ScriptedServer;
  let dispatcher: Agent;
  let api: NotificationsApi;

  before(async () => {
    server = await startScriptedServer(() => ({ status: 500 }));
    dispatcher = new Agent();
    api = new NotificationsApi({ apiBase: server.base, token: TOKEN, dispatcher });
  });
  after(async () => {
    await dispatcher.close();
    await server.close();
  });

  /** Runs `call` against a one-reply script and returns its result with the one request it sent. */
  async function exchange<T>(
    reply: { status: number; body?: unknown },
    call: () => Promise<T>,
  ): Promise<[T, RecordedRequest]> {
    server.setScript(() => reply);
    const count = server.requests.length;
    const result = await call();
    assert.equal(server.requests.length, count + 1, 'exactly one request');
    const request = server.requests[count];
    assert.ok(request);
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    return [result, request];
  }

  test('createChannel posts without a body and returns the channel', async () => {
    const [channel, request] = await exchange({ status: 200, body: CHANNEL_JSON }, () => api.createChannel());
    assert.deepEqual(channel, CHANNEL_JSON);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/v2/notifications/channels');
    assert.equal(request.body, '');
    assert.equal(request.headers['content-type'], undefined);
    assert.equal(request.headers.accept, 'application/json');
  });

  test('listChannels asks for the token or OAuth client channels and returns the entities', async () => {
    const [channels, request] = await exchange({ status: 200, body: { entities: [CHANNEL_JSON] } }, () =>
      api.listChannels('oauthclient'),
    );
    assert.deepEqual(channels, [CHANNEL_JSON]);
    assert.equal(request.method, 'GET');
    assert.equal(request.url, '/api/v2/notifications/channels?includechannels=oauthclient');
    const [, plain] = await exchange({ status: 200, body: { entities: [] } }, () => api.listChannels());
    assert.equal(plain.url, '/api/v2/notifications/channels');
  });

  test('channelExists sends HEAD and reads 200 as true and 404 as false', async () => {
    const [exists, request] = await exchange({ status: 200 }, () => api.channelExists(CHANNEL));
    assert.equal(exists, true);
    assert.equal(request.method, 'HEAD');
    assert.equal(request.url, `/api/v2/notifications/channels/${CHANNEL}`);
    const [gone] = await exchange({ status: 404 }, () => api.channelExists(CHANNEL));
    assert.equal(gone, false);
  });

  test('channelExists throws for anything but 200 and 404', async () => {
    server.setScript(() => ({ status: 401 }));
    await assert.rejects(api.channelExists(CHANNEL), (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_AUTH'));
  });

  test('channel ids are encoded into the path', async () => {
    const [, request] = await exchange({ status: 200, body: { entities: [] } }, () => api.getSubscriptions('a/b c?d'));
    assert.equal(request.url, '/api/v2/notifications/channels/a%2Fb%20c%3Fd/subscriptions');
  });

  test('getSubscriptions returns the channel topics with their state', async () => {
    const topic = {
      id: 'v2.users.u1.presence',
      state: 'Rejected',
      rejectionReason: 'missing permission',
      missingPermissions: ['presence:userPresence:view'],
      selfUri: '/x',
    };
    const [topics, request] = await exchange({ status: 200, body: { entities: [topic] } }, () =>
      api.getSubscriptions(CHANNEL),
    );
    assert.equal(request.method, 'GET');
    assert.equal(request.url, SUBS);
    assert.deepEqual(topics, [
      {
        id: 'v2.users.u1.presence',
        state: 'Rejected',
        rejectionReason: 'missing permission',
        missingPermissions: ['presence:userPresence:view'],
      },
    ]);
  });

  test('addSubscriptions posts the topics as a JSON list of ids', async () => {
    const body = { entities: [{ id: 'v2.users.u1.presence', state: 'Permitted' }] };
    const [topics, request] = await exchange({ status: 200, body }, () =>
      api.addSubscriptions(CHANNEL, ['v2.users.u1.presence', 'v2.users.u1.routingStatus']),
    );
    assert.deepEqual(topics, body.entities);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, SUBS);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), [{ id: 'v2.users.u1.presence' }, { id: 'v2.users.u1.routingStatus' }]);
  });

  test('ignoreErrors is passed as a query parameter only when asked for', async () => {
    const [, on] = await exchange({ status: 200, body: { entities: [] } }, () =>
      api.addSubscriptions(CHANNEL, ['v2.a.b'], { ignoreErrors: true }),
    );
    assert.equal(on.url, `${SUBS}?ignoreErrors=true`);
    const [, off] = await exchange({ status: 200, body: { entities: [] } }, () =>
      api.replaceSubscriptions(CHANNEL, ['v2.a.b'], { ignoreErrors: false }),
    );
    assert.equal(off.url, `${SUBS}?ignoreErrors=false`);
  });

  test('replaceSubscriptions puts the list, and an empty list clears the channel', async () => {
    const [topics, request] = await exchange({ status: 200, body: { entities: [] } }, () =>
      api.replaceSubscriptions(CHANNEL, []),
    );
    assert.deepEqual(topics, []);
    assert.equal(request.method, 'PUT');
    assert.equal(request.url, SUBS);
    assert.equal(request.body, '[]');
  });

  test('deleteSubscriptions sends DELETE and accepts an empty reply', async () => {
    const [result, request] = await exchange({ status: 204 }, () => api.deleteSubscriptions(CHANNEL));
    assert.equal(result, undefined);
    assert.equal(request.method, 'DELETE');
    assert.equal(request.url, SUBS);
  });

  test('a malformed topic is refused before anything is sent', async () => {
    const count = server.requests.length;
    await assert.rejects(
      api.addSubscriptions(CHANNEL, ['v2.users.{me}.presence', 'v2.users.{id}.presence']),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE'),
    );
    assert.equal(server.requests.length, count);
  });

  test('me returns the user id and name', async () => {
    const [user, request] = await exchange({ status: 200, body: { id: 'u-1', name: 'Ada Agent', email: 'x@y' } }, () =>
      api.me(),
    );
    assert.deepEqual(user, { id: 'u-1', name: 'Ada Agent' });
    assert.equal(request.method, 'GET');
    assert.equal(request.url, '/api/v2/users/me');
  });

  test('me with a client-credentials token fails with a user-context error explaining {me}', async () => {
    server.setScript(() => ({
      status: 400,
      body: {
        message:
          'This request requires a user context. Client credentials cannot be used for requests to this resource.',
        code: 'bad.request',
        status: 400,
      },
    }));
    await assert.rejects(api.me(), (error: unknown) => {
      assert.equal(isUserContextError(error), true);
      assert.ok(isIdleprobeError(error));
      assert.match(error.message, /\{me\} cannot be filled/);
      return true;
    });
  });

  test('a reply missing the channel fields is an error, not a half-filled channel', async () => {
    server.setScript(() => ({ status: 200, body: { id: CHANNEL } }));
    await assert.rejects(
      api.createChannel(),
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_HTTP') &&
        /not a channel/.test(error.message) &&
        !error.message.includes(CHANNEL),
    );
    server.setScript(() => ({ status: 200, body: { entities: [{ nope: 1 }] } }));
    await assert.rejects(api.getSubscriptions(CHANNEL), (error: unknown) =>
      isIdleprobeError(error, 'IDLEPROBE_ERR_HTTP'),
    );
  });

  test('an empty token is a configuration error', () => {
    assert.throws(
      () => new NotificationsApi({ apiBase: server.base, token: ' ' }),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG'),
    );
  });

  test('a base URL with a path prefix keeps the prefix (a gateway in front of the API)', async () => {
    const gateway = new NotificationsApi({ apiBase: `${server.base}/genesys/`, token: TOKEN, dispatcher });
    const [, request] = await exchange({ status: 200, body: CHANNEL_JSON }, () => gateway.createChannel());
    assert.equal(request.url, '/genesys/api/v2/notifications/channels');
  });
});

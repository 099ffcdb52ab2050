import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { GenesysHttpError, sendHttp } from '../../src/genesys/http.js';
import { NotificationsApi } from '../../src/genesys/notifications-api.js';
import { type ScriptedServer, startScriptedServer, unusedPort } from '../support/http-server.js';

const TOKEN = 'tok-3f9a2b7c8d1e4f60';
const CHANNEL = 'streaming-0-fmtdmf8cdis7jh14udg5p89t6z';

describe('Genesys HTTP failures become errors a person can act on', () => {
  let server: ScriptedServer;
  let dispatcher: Agent;
  let api: NotificationsApi;

  before(async () => {
    server = await startScriptedServer(() => ({ status: 200, body: {} }));
    dispatcher = new Agent();
    api = new NotificationsApi({ apiBase: server.base, token: TOKEN, dispatcher });
  });
  after(async () => {
    await dispatcher.close();
    await server.close();
  });

  async function failure(run: () => Promise<unknown>): Promise<GenesysHttpError> {
    try {
      await run();
    } catch (error) {
      assert.ok(error instanceof GenesysHttpError, `expected GenesysHttpError, got ${String(error)}`);
      return error;
    }
    assert.fail('the call succeeded');
  }

  test('401 is an auth error telling to get a new token or check the client id and secret', async () => {
    server.setScript(() => ({
      status: 401,
      body: { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 },
    }));
    const error = await failure(() => api.createChannel());
    assert.equal(error.code, 'IDLEPROBE_ERR_AUTH');
    assert.equal(error.status, 401);
    assert.equal(error.method, 'POST');
    assert.equal(error.path, '/api/v2/notifications/channels');
    assert.equal(error.serviceMessage, 'Invalid login credentials.');
    assert.match(error.message, /^POST \/api\/v2\/notifications\/channels failed with 401 Unauthorized/);
    assert.match(error.message, /Invalid login credentials\./);
    assert.match(error.message, /Get a new one/);
    assert.match(error.message, /client id and secret/);
  });

  test('403 names the missing permission the service reported and what to grant', async () => {
    server.setScript(() => ({
      status: 403,
      body: {
        message: 'Unable to subscribe: missing permission presence:userPresence:view',
        code: 'missing.permissions',
        status: 403,
      },
    }));
    const error = await failure(() => api.addSubscriptions(CHANNEL, ['v2.users.{me}.presence']));
    assert.equal(error.code, 'IDLEPROBE_ERR_HTTP');
    assert.equal(error.status, 403);
    assert.match(error.message, /403 Forbidden/);
    assert.match(error.message, /presence:userPresence:view/);
    assert.match(error.message, /grant the missing permission/);
    assert.match(error.message, /ignoreErrors/);
  });

  test('404 on a channel explains expiry and eviction, and shows the channel id shortened', async () => {
    server.setScript(() => ({ status: 404, body: { message: 'channel not found', code: 'not.found', status: 404 } }));
    const error = await failure(() => api.getSubscriptions(CHANNEL));
    assert.equal(error.status, 404);
    assert.equal(error.path, '/api/v2/notifications/channels/…p89t6z/subscriptions');
    assert.ok(!error.message.includes(CHANNEL), 'the full channel id is the socket credential');
    assert.match(error.message, /expired/);
    assert.match(error.message, /21st channel/);
  });

  test('429 carries Retry-After in milliseconds and says how long to wait', async () => {
    server.setScript(() => ({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { message: 'Rate limit exceeded', status: 429 },
    }));
    const error = await failure(() => api.listChannels());
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /429 Too Many Requests/);
    assert.match(error.message, /retry after 7 s/);
  });

  test('5xx says the service is in trouble, with the correlation id for support', async () => {
    server.setScript(() => ({
      status: 503,
      headers: { 'inin-correlation-id': 'corr-42' },
      body: { message: 'Service unavailable', status: 503 },
    }));
    const error = await failure(() => api.createChannel());
    assert.equal(error.status, 503);
    assert.equal(error.correlationId, 'corr-42');
    assert.match(error.message, /503 Service Unavailable \(correlation id corr-42\)/);
    assert.match(error.message, /service .* is in trouble/);
  });

  test('a non-JSON error body becomes a readable service message', async () => {
    server.setScript(() => ({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>' }));
    const error = await failure(() => api.getSubscriptions(CHANNEL));
    assert.equal(error.status, 502);
    assert.equal(error.serviceMessage, '502 Bad Gateway nginx');
    assert.match(error.message, /The service said: "502 Bad Gateway nginx"/);
  });

  test('a success reply that is not the documented JSON points at the base URL', async () => {
    server.setScript(() => ({ status: 200, body: '<html>Sign in to your proxy</html>' }));
    const error = await failure(() => api.createChannel());
    assert.equal(error.code, 'IDLEPROBE_ERR_HTTP');
    assert.equal(error.status, 200);
    assert.match(error.message, /check that the base URL points at the Genesys API/);
  });

  test('a failed HEAD, which has no body, still names the call and the status', async () => {
    server.setScript(() => ({ status: 500, body: 'ignored: HEAD replies carry no body' }));
    const error = await failure(() => api.channelExists(CHANNEL));
    assert.equal(error.method, 'HEAD');
    assert.equal(error.status, 500);
    assert.equal(error.serviceMessage, null);
  });

  test('an unlisted status still names the call and the status', async () => {
    server.setScript(() => ({ status: 418, body: '' }));
    const error = await failure(() => api.deleteSubscriptions(CHANNEL));
    assert.equal(error.status, 418);
    assert.equal(error.serviceMessage, null);
    assert.match(error.message, /^DELETE \/api\/v2\/notifications\/channels\/…p89t6z\/subscriptions failed with 418\./);
  });

  test('a refused connection is a network error naming the host and the cause', async () => {
    const port = await unusedPort();
    const offline = new NotificationsApi({ apiBase: `http://127.0.0.1:${port}`, token: TOKEN, dispatcher });
    await assert.rejects(offline.createChannel(), (error: unknown) => {
      assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK'));
      assert.match(error.message, new RegExp(`POST /api/v2/notifications/channels to 127\\.0\\.0\\.1:${port} failed`));
      assert.match(error.message, /connection was refused/);
      assert.ok(error.cause !== undefined);
      return true;
    });
  });

  test('a server that never answers fails at the deadline as a network timeout', async () => {
    server.setScript(() => 'hang');
    const quick = new NotificationsApi({ apiBase: server.base, token: TOKEN, dispatcher, timeoutMs: 150 });
    await assert.rejects(quick.listChannels('token'), (error: unknown) => {
      assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK'));
      assert.match(
        error.message,
        /GET \/api\/v2\/notifications\/channels to 127\.0\.0\.1:\d+ failed: no complete reply within 150 ms/,
      );
      return true;
    });
  });

  test('the deadline is kept by the injected clock, firing exactly when it advances past it', async () => {
    server.setScript(() => 'hang');
    const clock = new ManualClock();
    const arrived = server.nextRequest('/slow');
    const pending = sendHttp(
      { method: 'GET', base: server.base, path: '/slow' },
      { dispatcher, clock, timeoutMs: 5000 },
    );
    assert.equal((await arrived).path, '/slow');
    clock.advance(4999);
    assert.equal(clock.pendingCount(), 1, 'the deadline has not fired yet');
    clock.advance(1);
    await assert.rejects(
      pending,
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') && /within 5 s .*--http-timeout/.test(error.message),
    );
    assert.equal(clock.pendingCount(), 0);
  });

  test("a request in flight is cancelled by the caller's signal, without waiting for the deadline", async () => {
    server.setScript(() => 'hang');
    const clock = new ManualClock();
    const stop = new AbortController();
    const arrived = server.nextRequest('/stopping');
    const pending = sendHttp(
      { method: 'HEAD', base: server.base, path: '/stopping' },
      { dispatcher, clock, signal: stop.signal },
    );
    await arrived;
    stop.abort();
    await assert.rejects(
      pending,
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') && /was cancelled/.test(error.message),
    );
    assert.equal(clock.pendingCount(), 0);
  });

  test('an already cancelled signal sends nothing that gets answered', async () => {
    server.setScript(() => ({ status: 200, body: {} }));
    const stop = new AbortController();
    stop.abort();
    await assert.rejects(
      sendHttp({ method: 'GET', base: server.base, path: '/never' }, { dispatcher, signal: stop.signal }),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') && /was cancelled/.test(error.message),
    );
  });

  test('a completed request leaves no deadline timer behind', async () => {
    server.setScript(() => ({ status: 200, body: { entities: [] } }));
    const clock = new ManualClock();
    await sendHttp({ method: 'GET', base: server.base, path: '/fast' }, { dispatcher, clock });
    assert.equal(clock.pendingCount(), 0);
  });

  test('a base URL that is not http or https is a configuration error before any request', async () => {
    const count = server.requests.length;
    for (const base of ['ftp://api.mypurecloud.ie', 'api.mypurecloud.ie', 'https://user:pw@api.mypurecloud.ie']) {
      await assert.rejects(
        sendHttp({ method: 'GET', base, path: '/x' }, { dispatcher }),
        (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG') && !error.message.includes(':pw@'),
        base,
      );
    }
    assert.equal(server.requests.length, count);
  });
  test('a throw without a network error code is a bug: it is not dressed up as a network error', async () => {
    // A dispatcher that fails the way a programming error does (no socket, undici or TLS code).
    const broken = new (class extends Agent {
      override dispatch(): boolean {
        throw new TypeError('dispatch is broken');
      }
    })();
    try {
      await assert.rejects(
        sendHttp({ method: 'GET', base: server.base, path: '/x' }, { dispatcher: broken }),
        (error: unknown) => error instanceof TypeError && !isIdleprobeError(error),
      );
    } finally {
      await broken.close();
    }
  });
});

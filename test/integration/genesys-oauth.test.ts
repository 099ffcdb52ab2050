import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { isIdleprobeError } from '../../src/errors.js';
import { GenesysHttpError } from '../../src/genesys/http.js';
import { requestClientCredentialsToken } from '../../src/genesys/oauth.js';
import { type ScriptedServer, startScriptedServer } from '../support/http-server.js';

const CLIENT_ID = '7de3af06-c0b3-4f9b-af45-72f4a1403797';
const CLIENT_SECRET = 'sEcReT-9bZ2k4xQ7wL1mN8pR3tV6y';

describe('OAuth client-credentials grant', () => {
  let server: ScriptedServer;
  let dispatcher: Agent;

  before(async () => {
    server = await startScriptedServer(() => ({ status: 500 }));
    dispatcher = new Agent();
  });
  after(async () => {
    await dispatcher.close();
    await server.close();
  });

  const grant = () =>
    requestClientCredentialsToken({
      loginBase: server.base,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      dispatcher,
      userAgent: 'idleprobe-test',
    });

  test('posts the form grant with Basic client credentials and returns the token with its lifetime', async () => {
    server.setScript(() => ({
      status: 200,
      body: { access_token: 'the-token', token_type: 'bearer', expires_in: 86399 },
    }));
    const arrived = server.nextRequest();
    const token = await grant();
    assert.deepEqual(token, { accessToken: 'the-token', expiresInMs: 86_399_000, tokenType: 'bearer' });
    const request = await arrived;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/oauth/token');
    assert.equal(
      request.headers.authorization,
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(request.headers['user-agent'], 'idleprobe-test');
    assert.equal(request.body, 'grant_type=client_credentials');
  });

  test('a reply without expires_in gives an unknown lifetime, not a made-up one', async () => {
    server.setScript(() => ({ status: 200, body: { access_token: 'the-token', token_type: 'bearer' } }));
    const token = await grant();
    assert.equal(token.expiresInMs, null);
  });

  test('rejected client credentials are an auth error naming the settings to check', async () => {
    server.setScript(() => ({ status: 401, body: { error: 'invalid_client', description: 'client not found' } }));
    await assert.rejects(grant(), (error: unknown) => {
      assert.ok(error instanceof GenesysHttpError);
      assert.equal(error.code, 'IDLEPROBE_ERR_AUTH');
      assert.equal(error.status, 401);
      assert.match(error.message, /POST \/oauth\/token failed with 401/);
      assert.match(error.message, /invalid_client/);
      assert.match(error.message, /GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET/);
      assert.match(error.message, /region/);
      return true;
    });
  });

  test('a refused grant type says the OAuth client must use client credentials', async () => {
    server.setScript(() => ({
      status: 400,
      body: { error: 'unauthorized_client', error_description: 'grant type not allowed' },
    }));
    await assert.rejects(grant(), (error: unknown) => {
      assert.ok(error instanceof GenesysHttpError);
      assert.equal(error.code, 'IDLEPROBE_ERR_HTTP');
      assert.match(error.message, /grant type not allowed/);
      assert.match(error.message, /Client Credentials grant type/);
      return true;
    });
  });

  test('a success reply without an access token is an error that does not quote the body', async () => {
    server.setScript(() => ({ status: 200, body: { accessToken: 'camel-cased-token-value' } }));
    await assert.rejects(grant(), (error: unknown) => {
      assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_HTTP'));
      assert.match(error.message, /not a token grant/);
      assert.ok(!error.message.includes('camel-cased-token-value'));
      return true;
    });
  });

  test('a missing client id or secret is a configuration error and nothing is sent', async () => {
    const count = server.requests.length;
    for (const [clientId, clientSecret] of [
      ['', CLIENT_SECRET],
      [CLIENT_ID, ' '],
    ] as const) {
      await assert.rejects(
        requestClientCredentialsToken({ loginBase: server.base, clientId, clientSecret, dispatcher }),
        (error: unknown) =>
          isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG') && /GENESYSCLOUD_OAUTHCLIENT_ID/.test(error.message),
      );
    }
    assert.equal(server.requests.length, count);
  });
});

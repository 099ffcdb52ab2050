import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { Agent } from 'undici';
import { NotificationsApi } from '../../src/genesys/notifications-api.js';
import { requestClientCredentialsToken } from '../../src/genesys/oauth.js';
import { type RecordedRequest, type ScriptedServer, startScriptedServer, unusedPort } from '../support/http-server.js';

const TOKEN = 'bearer-token-Zx81Kq4vT0pLm2';
const CLIENT_ID = 'client-id-4c1e';
const CLIENT_SECRET = 'client-secret-Qw9Er7Ty5Ui3';
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

/** Everything an error exposes: message, stack, own properties and the whole cause chain. */
function everything(error: unknown): string {
  return [inspect(error, { depth: 12, showHidden: true }), JSON.stringify(error), String(error)].join('\n');
}

function assertNoSecret(error: unknown): void {
  const text = everything(error);
  for (const secret of [TOKEN, CLIENT_SECRET, BASIC]) {
    assert.ok(!text.includes(secret), `the error exposes ${secret.slice(0, 6)}...: ${text.slice(0, 400)}`);
  }
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return assert.fail('the call succeeded');
}

/** A hostile server: every reply repeats the credentials it received. */
function echo(status: number, html = false) {
  return (request: RecordedRequest) => {
    const decoded = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString(
      'utf8',
    );
    const said = `you sent ${request.headers.authorization} (${decoded}) with ${request.body}`;
    return { status, body: html ? `<html><body>${said}</body></html>` : { message: said, error_description: said } };
  };
}

describe('no error exposes the token or the client secret', () => {
  let server: ScriptedServer;
  let dispatcher: Agent;
  let api: NotificationsApi;

  before(async () => {
    server = await startScriptedServer(() => ({ status: 500 }));
    dispatcher = new Agent();
    api = new NotificationsApi({ apiBase: server.base, token: TOKEN, dispatcher, timeoutMs: 2000 });
  });
  after(async () => {
    await dispatcher.close();
    await server.close();
  });

  for (const status of [400, 401, 403, 404, 429, 500, 502]) {
    test(`a ${status} reply that repeats the Authorization header is redacted`, async () => {
      server.setScript(echo(status, status === 502));
      const error = await caught(() => api.addSubscriptions('streaming-0-abcdefgh', ['v2.users.{me}.presence']));
      assert.match(String((error as Error).message), /\[redacted\]/, 'the echo was quoted, with the secret removed');
      assertNoSecret(error);
    });
  }

  test('a success reply that is not JSON and repeats the token is redacted', async () => {
    server.setScript((request) => ({ status: 200, body: `welcome ${request.headers.authorization}` }));
    assertNoSecret(await caught(() => api.createChannel()));
  });

  for (const status of [400, 401, 500]) {
    test(`an OAuth ${status} reply that repeats the client credentials is redacted`, async () => {
      server.setScript(echo(status));
      const error = await caught(() =>
        requestClientCredentialsToken({
          loginBase: server.base,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          dispatcher,
        }),
      );
      assertNoSecret(error);
    });
  }

  test('a timed-out request exposes neither the token nor the secret', async () => {
    server.setScript(() => 'hang');
    const quick = new NotificationsApi({ apiBase: server.base, token: TOKEN, dispatcher, timeoutMs: 50 });
    assertNoSecret(await caught(() => quick.me()));
    assertNoSecret(
      await caught(() =>
        requestClientCredentialsToken({
          loginBase: server.base,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          dispatcher,
          timeoutMs: 50,
        }),
      ),
    );
  });

  test('a refused connection exposes neither the token nor the secret', async () => {
    const base = `http://127.0.0.1:${await unusedPort()}`;
    assertNoSecret(
      await caught(() => new NotificationsApi({ apiBase: base, token: TOKEN, dispatcher }).listChannels()),
    );
    assertNoSecret(
      await caught(() =>
        requestClientCredentialsToken({
          loginBase: base,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          dispatcher,
        }),
      ),
    );
  });
});

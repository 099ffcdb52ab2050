import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ScriptedServer, startScriptedServer } from '../support/http-server.js';
import { cleanEnv, runCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('credential-destination');
const SECRET = 'production-secret-Mx41Lq';

describe("idleprobe run never hands the environment's credentials to a base nobody named for them", () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(() => ({ status: 401, body: { error: 'invalid_client' } }));
  });
  after(() => server.close());

  test('a region and a production secret in the environment, and --api-base elsewhere: refused before any request', async () => {
    const env = cleanEnv({
      GENESYSCLOUD_REGION: 'eu-west-1',
      GENESYSCLOUD_OAUTHCLIENT_ID: 'production-client',
      GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET,
    });
    const result = await runCli(['run', '--api-base', server.base, '--no-status'], { cwd: tempDir(), env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /GENESYSCLOUD_OAUTHCLIENT_SECRET comes from the environment/);
    assert.match(result.stderr, /IDLEPROBE_TRUST_BASE=/);
    assert.equal(server.requests.length, 0, 'the server never heard from idleprobe');
    assert.ok(!(result.stdout + result.stderr).includes(SECRET));
  });

  test('the look-alike: the same base named in IDLEPROBE_TRUST_BASE gets the credentials', async () => {
    const env = cleanEnv({
      GENESYSCLOUD_OAUTHCLIENT_ID: 'production-client',
      GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET,
      IDLEPROBE_TRUST_BASE: server.base,
    });
    const result = await runCli(['run', '--api-base', server.base, '--no-status', '--log', 'r.ndjson'], {
      cwd: tempDir(),
      env,
    });
    assert.ok(
      server.requests.some((request) => request.url.startsWith('/oauth/token')),
      'the token was asked for',
    );
    assert.notEqual(result.code, 2, result.stderr);
    assert.ok(!(result.stdout + result.stderr).includes(SECRET));
  });
});

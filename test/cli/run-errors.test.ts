import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { runCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('run-errors');

describe('idleprobe run refuses to start, clearly, when it cannot work', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: 'steady' });
  });
  after(() => sim.close());

  test('a rejected token stops the run before any channel is made, and the token is never printed', async () => {
    const cwd = tempDir();
    const token = 'agent-token-that-expired-0123456789';
    const result = await runCli(
      ['run', '--api-base', sim.apiBase, '--token', token, '--log', 'r.ndjson', '--no-status'],
      { cwd },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /401|rejected|expired/i);
    const log = readFileSync(join(cwd, 'r.ndjson'), 'utf8');
    assert.ok(!log.includes('"event":"channel"'));
    assert.ok(!(result.stdout + result.stderr + log).includes(token));
  });

  test('wrong client credentials name the variables to check, and the secret is never printed', async () => {
    const cwd = tempDir();
    const secret = 'definitely-wrong-secret-42';
    const result = await runCli(
      [
        'run',
        '--api-base',
        sim.apiBase,
        '--client-id',
        sim.credentials.clientId,
        '--client-secret',
        secret,
        '--log',
        'r.ndjson',
        '--no-status',
      ],
      { cwd },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /GENESYSCLOUD_OAUTHCLIENT_ID/);
    assert.ok(!(result.stdout + result.stderr + readFileSync(join(cwd, 'r.ndjson'), 'utf8')).includes(secret));
  });

  test("{me} with a client-credentials token says to use a user's token", async () => {
    const cwd = tempDir();
    const c = sim.credentials;
    const result = await runCli(
      [
        'run',
        '--api-base',
        sim.apiBase,
        '--client-id',
        c.clientId,
        '--client-secret',
        c.clientSecret,
        '--topic',
        'v2.users.{me}.presence',
        '--log',
        'r.ndjson',
        '--no-status',
      ],
      { cwd },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /\{me\}.*user's token/);
    assert.ok(!(result.stdout + result.stderr).includes(c.clientSecret));
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, runCli } from '../support/spawn-cli.js';
import { type RunningSquid, squidSkipReason, startSquid } from '../support/squid.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('proxy');

const PASSWORD = 'proxy-pass-7f3e9a';

describe('idleprobe run through a proxy, as a user on a corporate network runs it', { skip: squidSkipReason() }, () => {
  let squid: RunningSquid;
  before(async () => {
    squid = await startSquid({ auth: { user: 'probe', password: PASSWORD } });
  });
  after(() => squid?.stop());

  test('--proxy with a login carries REST and WebSocket through Squid, and the path names the proxy', async () => {
    const cwd = tempDir();
    const proxy = squid.url.replace('http://', `http://probe:${PASSWORD}@`);
    const result = await runCli(
      [
        'run',
        '--sim',
        '--scenario',
        'steady',
        '--proxy',
        proxy,
        '--duration',
        '1s',
        '--log',
        'r.ndjson',
        '--no-status',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    const log = readFileSync(join(cwd, 'r.ndjson'), 'utf8');
    const path = log
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((e) => e.event === 'path');
    assert.ok(path, 'a path fingerprint was logged');
    assert.deepEqual(path.proxy, { url: squid.url, connectStatus: 200 });
    assert.ok(!(result.stdout + result.stderr + log).includes(PASSWORD), 'the proxy password never appears');
    assert.match(await squid.waitForLogLines(/CONNECT/, 1), /CONNECT 127\.0\.0\.1:/);
  });

  test('a wrong proxy password is a clear error naming the proxy, and the password is never printed', async () => {
    const cwd = tempDir();
    const wrong = `${PASSWORD}-wrong`;
    const proxy = squid.url.replace('http://', `http://probe:${wrong}@`);
    const result = await runCli(['run', '--sim', '--proxy', proxy, '--log', 'r.ndjson', '--no-status'], { cwd });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /407/);
    assert.ok(result.stderr.includes(squid.url.replace('http://', '')), result.stderr);
    assert.ok(!(result.stdout + result.stderr + readFileSync(join(cwd, 'r.ndjson'), 'utf8')).includes(wrong));
  });
});

test('a proxy from the environment does not apply to the built-in simulator on loopback', async () => {
  const cwd = tempDir();
  const env = cleanEnv({ HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' });
  const result = await runCli(
    ['run', '--sim', '--scenario', 'steady', '--duration', '500ms', '--log', 'r.ndjson', '--no-status'],
    { cwd, env },
  );
  assert.equal(result.code, 0, result.stderr);
});

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freeLoopbackPort } from '../support/box-process.js';
import { servePac } from '../support/pac-server.js';
import { runCli } from '../support/spawn-cli.js';
import { type RunningSquid, squidSkipReason, startSquid } from '../support/squid.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('pac');

const eventsOf = (cwd: string): Array<Record<string, unknown>> =>
  readFileSync(join(cwd, 'r.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

const RUN = ['run', '--sim', '--scenario', 'steady', '--duration', '1s', '--log', 'r.ndjson', '--no-status'];

describe('idleprobe run --pac, as a support engineer reproduces an agent PC', { skip: squidSkipReason() }, () => {
  let squid: RunningSquid;
  before(async () => {
    squid = await startSquid();
  });
  after(() => squid?.stop());

  test('a PAC URL that names Squid carries the run through it, and the log records which PAC said what', async () => {
    const pac = await servePac(
      `function FindProxyForURL(url, host) { return isPlainHostName(host) ? "DIRECT" : "PROXY 127.0.0.1:${squid.port}"; }`,
    );
    try {
      const cwd = tempDir();
      const result = await runCli([...RUN, '--pac', pac.url], { cwd });
      assert.equal(result.code, 0, result.stderr);
      const events = eventsOf(cwd);
      const path = events.find((e) => e.event === 'path');
      assert.deepEqual(path?.proxy, { url: squid.url, connectStatus: 200 });
      assert.deepEqual(path?.pac, { source: pac.url, returned: `PROXY 127.0.0.1:${squid.port}` });
      const options = events.find((e) => e.event === 'run-start')?.options as Record<string, unknown>;
      assert.equal(options.proxy, squid.url);
      assert.equal((options.pac as { source: string }).source, pac.url);
      assert.match(await squid.waitForLogLines(/CONNECT 127\.0\.0\.1:/, 1), /TCP_TUNNEL\/200/);
    } finally {
      await pac.stop();
    }
  });
});

test('--pac FILE is read from disk; DIRECT sends the run straight to the service', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'proxy.pac'), 'function FindProxyForURL(url, host) { return "DIRECT"; }');
  const result = await runCli([...RUN, '--pac', 'proxy.pac'], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const path = eventsOf(cwd).find((e) => e.event === 'path');
  assert.equal(path?.proxy, null);
  assert.deepEqual(path?.pac, { source: 'proxy.pac', returned: 'DIRECT' });
});

test('a PAC that names SOCKS for the WebSocket host alone ends the run with the same clear error, in the log too', async () => {
  const cwd = tempDir();
  // The PAC keeps state between calls (as browsers' do): the first port asked about is the REST one.
  writeFileSync(
    join(cwd, 'proxy.pac'),
    [
      'var first = null;',
      'function FindProxyForURL(url, host) {',
      '  var port = url.split(":")[2];',
      '  if (first === null) first = port;',
      '  return port === first ? "DIRECT" : "SOCKS5 127.0.0.1:1080";',
      '}',
    ].join('\n'),
  );
  // proxy-idle puts a relay in front of the sockets, so they have a port of their own.
  const args = ['run', '--sim', '--scenario', 'proxy-idle', '--duration', '1m', '--log', 'r.ndjson', '--no-status'];
  const result = await runCli([...args, '--pac', 'proxy.pac'], { cwd });
  assert.equal(result.code, 1, result.stderr);
  assert.match(
    result.stderr,
    /could not open the WebSocket: The PAC file proxy\.pac sends this connection through a SOCKS proxy/,
  );
  const errors = eventsOf(cwd).filter((e) => e.event === 'error');
  assert.ok(errors.length > 0 && errors.every((e) => /SOCKS/.test(String(e.message))));
});

describe('a PAC file that cannot be followed stops the run at start with a clear error (exit 2)', () => {
  const failing = async (pacText: string | null, extra: string[] = []): Promise<string> => {
    const cwd = tempDir();
    if (pacText !== null) writeFileSync(join(cwd, 'proxy.pac'), pacText);
    const result = await runCli([...RUN, ...(extra.length > 0 ? extra : ['--pac', 'proxy.pac'])], { cwd });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, '');
    return result.stderr;
  };

  test('a syntax error', async () => {
    const stderr = await failing('function FindProxyForURL(url, host) { return "DIRECT" ');
    assert.match(stderr, /PAC file proxy\.pac does not compile/);
  });

  test('a PAC that throws while choosing', async () => {
    const stderr = await failing('function FindProxyForURL(url, host) { return notDefined(host); }');
    assert.match(stderr, /failed while choosing a proxy for http:\/\/127\.0\.0\.1:\d+/);
  });

  test('a PAC that never answers (an endless loop) is stopped by the sandbox', async () => {
    const stderr = await failing('function FindProxyForURL(url, host) { while (true) {} }');
    assert.match(stderr, /did not answer for http:\/\/127\.0\.0\.1:\d+ within 5 s \(an endless loop\?\)/);
  });

  test('a SOCKS answer', async () => {
    const stderr = await failing('function FindProxyForURL(url, host) { return "SOCKS5 127.0.0.1:1080; DIRECT"; }');
    assert.match(stderr, /SOCKS proxy \(SOCKS5 127\.0\.0\.1:1080\), which idleprobe does not support/);
  });

  test('an unreachable PAC URL', async () => {
    const url = `http://127.0.0.1:${await freeLoopbackPort()}/proxy.pac`;
    const stderr = await failing(null, ['--pac', url]);
    assert.match(
      stderr,
      new RegExp(`The PAC file ${url.replace(/\./g, '\\.')} could not be fetched \\(ECONNREFUSED\\)`),
    );
  });

  test('a missing file', async () => {
    const stderr = await failing(null, ['--pac', 'nowhere.pac']);
    assert.match(stderr, /--pac nowhere\.pac cannot be read \(ENOENT\)/);
  });

  test('--pac together with --proxy', async () => {
    const stderr = await failing(null, ['--pac', 'proxy.pac', '--proxy', 'http://127.0.0.1:3128']);
    assert.match(stderr, /--pac and --proxy both choose the proxy/);
  });
});

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { within } from '../support/deadline.js';
import { startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('run-stop');

/**
 * A Ctrl-C the moment a run says anything (its first line is "No Genesys credentials given…", before the
 * probe starts) stops it cleanly, with the exit code of a Ctrl-C: the handler is in place before the first
 * output. Sent on the first bytes, a few times over, since a handler installed after them loses that race
 * most of the time.
 */
test('run stops cleanly with exit 130 on a Ctrl-C sent as soon as it prints anything', async () => {
  const cwd = tempDir();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const { child, result } = startCli(['run', '--no-status', '--log', `run-${attempt}.ndjson`], { cwd });
    const firstOutput = new Promise((resolve) => {
      child.stdout!.once('data', resolve);
      child.stderr!.once('data', resolve);
    });
    await within(firstOutput, `the first output of attempt ${attempt}`);
    child.kill('SIGINT');
    const ended = await result;
    assert.equal(ended.signal, null, `attempt ${attempt}: killed by ${ended.signal} rather than stopped`);
    assert.equal(ended.code, 130, `attempt ${attempt}: ${ended.stderr}`);
    assert.match(ended.stderr, /No Genesys credentials given/);
    // Stopped before or after the probe started: either way it says how the run ended, never nothing.
    assert.match(ended.stderr, /Event log: |before the probe started/, ended.stderr);
  }
});

/**
 * A Ctrl-C while the run is still being set up (here: fetching its PAC file, which the server answers only
 * after sending the Ctrl-C) ends it cleanly too, with exit 130 and a line saying how far it got.
 */
test('run stops cleanly with exit 130 on a Ctrl-C that comes while it fetches its PAC file', async () => {
  let child: ChildProcess | null = null;
  let fetched = 0;
  const server = createServer((_request, response) => {
    fetched += 1;
    child?.kill('SIGINT');
    response.writeHead(200).end('function FindProxyForURL(url, host) { return "DIRECT"; }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const started = startCli(
      ['run', '--no-status', '--log', 'r.ndjson', '--pac', `http://127.0.0.1:${port}/proxy.pac`],
      {
        cwd: tempDir(),
      },
    );
    child = started.child;
    const ended = await started.result;
    assert.equal(fetched, 1, 'the PAC file was fetched once');
    assert.equal(ended.signal, null, `killed by ${ended.signal} rather than stopped`);
    assert.equal(ended.code, 130, ended.stderr);
    assert.match(ended.stderr, /Event log: |before the probe started/, ended.stderr);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

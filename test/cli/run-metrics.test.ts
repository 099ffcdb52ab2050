import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { within } from '../support/deadline.js';
import { packagesLoadedBy } from '../support/loaded-packages.js';
import { runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('cli-metrics');

/** Resolves with the first match of `pattern` in what the child has written to stderr so far or later. */
function stderrMatch(child: ReturnType<typeof startCli>['child'], pattern: RegExp): Promise<RegExpExecArray> {
  let seen = '';
  return within(
    new Promise((resolve) => {
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        seen += chunk;
        const match = pattern.exec(seen);
        if (match) resolve(match);
      });
    }),
    `stderr to show ${pattern}`,
  );
}

describe('run --metrics, as a user runs it', () => {
  test('a bare port listens on 127.0.0.1; only GET /metrics is answered; a finished run lingers for one scrape', async () => {
    const cwd = tempDir();
    const { child, result } = startCli(
      [
        'run',
        '--sim',
        '--time-scale',
        '600',
        '--closures',
        '1',
        '--log',
        'run.ndjson',
        '--metrics',
        '0',
        '--metrics-linger',
        '50s',
      ],
      { cwd },
    );
    const address = stderrMatch(child, /Metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/);
    const lingering = stderrMatch(child, /the run is over; serving its final metrics until the next scrape/);
    const url = (await address)[1] as string;
    await lingering;

    // Nothing else is served, and asking for it is no scrape: the run still waits.
    assert.equal((await fetch(new URL('/', url))).status, 404);
    assert.equal((await fetch(new URL('/metrics/x', url))).status, 404);
    assert.equal((await fetch(url, { method: 'POST', body: 'x' })).status, 404);
    assert.equal(child.exitCode, null, 'still lingering after requests that were not scrapes');

    const scrape = await fetch(url);
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    assert.match(text, /^idleprobe_closures_total\{cause="client-silence",code="1001",keepalive="none"\} 1$/m);
    assert.match(text, /^idleprobe_open_connections\{lane="1",keepalive="none"\} 0$/m);
    assert.match(text, /^idleprobe_eventloop_delay_seconds\{stat="p99"\} /m);

    const done = await result;
    assert.equal(done.code, 0, done.stderr);
  });

  test('a port in use is a clear error at start, before any probing', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      const cwd = tempDir();
      const result = await runCli(['run', '--sim', '--log', 'run.ndjson', '--metrics', String(port)], { cwd });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`--metrics: 127\\.0\\.0\\.1:${port} is already in use; give another port`),
      );
      assert.doesNotMatch(result.stderr, /Event log:/);
    } finally {
      busy.close();
    }
  });

  test('an address that is not PORT or HOST:PORT, and a linger without --metrics, say what to write', async () => {
    const cwd = tempDir();
    const bad = await runCli(['run', '--sim', '--metrics', 'localhost'], { cwd });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--metrics "localhost" is not PORT or HOST:PORT: write 9464/);
    const linger = await runCli(['run', '--sim', '--metrics-linger', '1m'], { cwd });
    assert.equal(linger.code, 2);
    assert.match(linger.stderr, /--metrics-linger keeps the --metrics endpoint up after a run: add --metrics PORT/);
  });

  test('prom-client, slow to load, is loaded only by a run that serves metrics', async () => {
    const run = ['run', '--sim', '--time-scale', '600', '--closures', '1', '--no-status', '--log', 'run.ndjson'];
    const plain = await packagesLoadedBy(run, tempDir());
    assert.equal(plain.code, 0);
    assert.ok(plain.packages.includes('ws'), `the run ran: ${plain.packages}`);
    assert.ok(!plain.packages.includes('prom-client'), `prom-client was loaded: ${plain.packages}`);
    const served = await packagesLoadedBy([...run, '--metrics', '0'], tempDir());
    assert.ok(served.packages.includes('prom-client'), `prom-client was not loaded: ${served.packages}`);
  });
});

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cleanEnv, runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('cli');

function logEvents(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitFor(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('idleprobe run, as a user runs it', () => {
  test('the quickstart reproduces the 15-minute 1001 idle timeout and prints its row', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--sim', '--time-scale', '300', '--closures', '1'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Durations in scenario time \(time scale 300x\)/);
    assert.match(result.stdout, /1001 idle timeout/);
    assert.match(result.stdout, /│ 1[45]m [0-9.]+s/, 'age about 15 minutes');
    const logs = readdirSync(cwd).filter((name) => /^idleprobe-\d{8}-\d{6}\.ndjson$/.test(name));
    assert.equal(logs.length, 1, 'the default log is a timestamped file in the current folder');
    assert.match(result.stderr, new RegExp(`Event log: .*${logs[0]}`));
  });

  test('the JSON summary carries schema 1 and the closure in scenario milliseconds', async () => {
    const cwd = tempDir();
    const result = await runCli(
      [
        'run',
        '--sim',
        '--time-scale',
        '600',
        '--watchdog',
        '30m',
        '--closures',
        '1',
        '--format',
        'json',
        '--log',
        'run.ndjson',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.schema, 1);
    const [closure] = summary.closures;
    assert.equal(closure.code, 1001);
    assert.equal(closure.reason, 'idle timeout');
    assert.equal(closure.clean, true);
    // In scenario milliseconds (the real ones would be 1,500). The service's timer starts at the upgrade, the
    // probe's count at its `open` a moment later: on a machine loaded to a load average of 5 that moment was
    // 130 ms of real time, 78 s of scenario time at 600x, so the age may fall short of 15 min by minutes.
    assert.ok(closure.lifetimeMs > 600_000 && closure.lifetimeMs < 960_000, `lifetime ${closure.lifetimeMs}`);
    assert.ok(closure.sinceHeartbeatMs < 30_000 + 30_000);
    assert.equal(closure.sinceOutboundMs, null);
    assert.equal(closure.sincePongMs, null);
  });

  test('report on the saved log prints exactly the summary the live run printed', async () => {
    const cwd = tempDir();
    for (const format of ['table', 'markdown', 'json']) {
      const log = join(cwd, `${format}.ndjson`);
      const live = await runCli(
        [
          'run',
          '--sim',
          '--scenario',
          'maintenance',
          '--time-scale',
          '600',
          '--watchdog',
          '30m',
          '--closures',
          '1',
          '--format',
          format,
          '--log',
          log,
        ],
        { cwd },
      );
      assert.equal(live.code, 0, live.stderr);
      const offline = await runCli(['report', log, '--format', format], { cwd });
      assert.equal(offline.code, 0, offline.stderr);
      assert.equal(offline.stdout, live.stdout, `${format} differs`);
    }
  });

  test('every line of the log has time, mono and event, from run-start to run-end', async () => {
    const cwd = tempDir();
    const result = await runCli(
      [
        'run',
        '--sim',
        '--scenario',
        'network-drop',
        '--time-scale',
        '600',
        '--watchdog',
        '30m',
        '--closures',
        '1',
        '--log',
        'run.ndjson',
        '--no-status',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    const events = logEvents(join(cwd, 'run.ndjson'));
    assert.equal(events[0]!.event, 'run-start');
    assert.equal(events.at(-1)!.event, 'run-end');
    for (const event of events) {
      assert.match(String(event.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(typeof event.mono, 'number');
    }
    const close = events.find((e) => e.event === 'close')!;
    assert.equal(close.code, 1006);
    assert.equal(close.clean, false);
    const monos = events.map((e) => e.mono as number);
    assert.deepEqual(
      monos,
      [...monos].sort((a, b) => a - b),
      'mono never goes backwards',
    );
  });

  test('Ctrl-C stops the run, closes the connection, still prints the summary and exits 130', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    const { child, result } = startCli(['run', '--sim', '--scenario', 'steady', '--log', log], { cwd });
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('"event":"open"'), 'the socket to open');
    child.kill('SIGINT');
    const done = await result;
    assert.equal(done.code, 130, done.stderr);
    assert.match(done.stdout, /No closures/i);
    const events = logEvents(log);
    const close = events.find((e) => e.event === 'close')!;
    assert.equal(close.by, 'probe');
    assert.equal(close.code, 1000);
    assert.deepEqual(events.at(-1), { ...events.at(-1), event: 'run-end', reason: 'signal', closures: 0 });
  });

  test('SIGTERM ends the run with 143 and a complete log', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    const { child, result } = startCli(['run', '--sim', '--scenario', 'steady', '--log', log], { cwd });
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('"event":"open"'), 'the socket to open');
    child.kill('SIGTERM');
    const done = await result;
    assert.equal(done.code, 143, done.stderr);
    assert.equal(logEvents(log).at(-1)!.event, 'run-end');
  });

  test('SIGHUP (the ssh session dropped) stops the run like SIGTERM: summary, complete log, exit 129', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    const { child, result } = startCli(['run', '--sim', '--scenario', 'steady', '--log', log], { cwd });
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('"event":"open"'), 'the socket to open');
    child.kill('SIGHUP');
    const done = await result;
    assert.equal(done.code, 129, done.stderr);
    assert.match(done.stdout, /No closures/i);
    const events = logEvents(log);
    assert.equal(events.find((e) => e.event === 'close')?.by, 'probe');
    assert.deepEqual(events.at(-1), { ...events.at(-1), event: 'run-end', reason: 'signal', closures: 0 });
  });

  test('with no credentials at all the run says it is using the simulator', async () => {
    const result = await runCli(
      ['run', '--time-scale', '600', '--watchdog', '30m', '--closures', '1', '--log', join(tempDir(), 'r.ndjson')],
      { env: cleanEnv() },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No Genesys credentials given: probing the built-in simulator/);
  });

  test("with the org's idle token timeout on, the run warns before the token idles out and names the cause", async () => {
    const cwd = tempDir();
    const result = await runCli(
      [
        'run',
        '--sim',
        '--scenario',
        'idle-token',
        '--time-scale',
        '300',
        '--watchdog',
        '30m',
        '--closures',
        '1',
        '--format',
        'json',
        '--log',
        'run.ndjson',
        '--no-status',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /the token will idle out at \d\d:\d\d:\d\d UTC/);
    const [closure] = JSON.parse(result.stdout).closures;
    assert.equal(closure.cause, 'token', closure.evidence);
    assert.match(closure.evidence, /idle token timeout/);
    const events = logEvents(join(cwd, 'run.ndjson')).map((e) => e.event);
    assert.ok(events.indexOf('token-expiring') < events.indexOf('close'), 'the warning came before the closure');
  });

  test('a time scale faster than the run can time exits 2 and names the maximum', async () => {
    const result = await runCli(['run', '--sim', '--time-scale', '1000', '--closures', '1']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--time-scale 1000 is faster than a run can time: at most 600\./);
  });

  test('a usage mistake exits 2 with a message that says what to type', async () => {
    const result = await runCli(['run', '--sim', '--closures', 'two']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--closures "two" must be a whole number/);
    const unknown = await runCli(['run', '--frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--frobnicate'/);
  });

  test('an unreachable service fails the run with exit 1 and names the host', async () => {
    const cwd = tempDir();
    // Port 9 on loopback: nothing listens there, so the connection is refused at once.
    const result = await runCli(
      [
        'run',
        '--api-base',
        'http://127.0.0.1:9',
        '--client-id',
        'id',
        '--client-secret',
        'not-a-real-secret',
        '--log',
        'r.ndjson',
        '--no-status',
      ],
      { cwd },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /127\.0\.0\.1:9/);
    assert.ok(
      !(result.stdout + result.stderr + readFileSync(join(cwd, 'r.ndjson'), 'utf8')).includes('not-a-real-secret'),
    );
  });
});

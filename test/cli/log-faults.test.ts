import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fillDisk, smallDisk } from '../support/small-disk.js';
import { runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('log-faults');
const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));

/** A short run: two 15-minute idle timeouts of the default scenario, 3 s of real time each. */
const SHORT_RUN = ['run', '--sim', '--time-scale', '300', '--closures', '2', '--no-status'];

async function waitFor(check: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const hasOpened = (log: string) => (): boolean =>
  existsSync(log) && readFileSync(log, 'utf8').includes('"event":"open"');

function lines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A pid that ran on this host and has exited: what a run killed with -9 leaves in its lock. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /unexpected failure|\n\s+at /, stderr);
}

describe('the event log on a full disk', () => {
  test('a device that refuses every write stops the run at once: exit 1, the summary, one line saying why', async () => {
    const result = await runCli([...SHORT_RUN, '--log', '/dev/full']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /0 closures/, 'the summary is printed');
    const failures = result.stderr.split('\n').filter((line) => line.startsWith('idleprobe: '));
    assert.equal(failures.length, 1, result.stderr);
    assert.match(failures[0] ?? '', /cannot write the event log "\/dev\/full": ENOSPC.*Not one line/);
    assert.doesNotMatch(result.stderr, /Event log: \/dev\/full/);
    assertNoStack(result.stderr);
  });

  test('a disk that fills mid-run: exit 1, the summary, and the log ends on a whole line that report reads', async (t) => {
    const disk = smallDisk(t);
    if (disk === null) return t.skip('needs root and mount for a small tmpfs; /dev/full above covers the refusal');
    fillDisk(disk, 8 * 1024);
    const log = join(disk, 'run.ndjson');
    const result = await runCli([...SHORT_RUN.slice(0, -3), '--closures', '50', '--no-status', '--log', log]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /1 connection/, 'the summary of what the run saw');
    assert.match(
      result.stderr,
      /cannot write the event log ".*run\.ndjson": ENOSPC.*Its first \d+ lines of this run were written and stay readable/,
    );
    assertNoStack(result.stderr);
    const written = readFileSync(log, 'utf8');
    assert.ok(written.endsWith('\n'), 'the line cut short was taken back');
    const report = await runCli(['report', log]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(report.stderr, '', 'no line to skip');
  });
});

describe('a log that cannot be opened', () => {
  test('a read-only folder: exit 1 before the run starts, naming the path and --log', async (t) => {
    const disk = smallDisk(t, 64, 'ro');
    if (disk === null) return t.skip('needs root and mount for a read-only tmpfs');
    const result = await runCli([...SHORT_RUN, '--log', join(disk, 'run.ndjson')]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /cannot (write|create the lock file) .*run\.ndjson.*EROFS.*Choose another path with --log/,
    );
    assert.equal(result.stdout, '');
    assertNoStack(result.stderr);
  });
});

describe('the event log deleted or replaced mid-run', () => {
  test('a deleted log is written again from the copy still open, the run goes on, and it says so', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    const { result } = startCli([...SHORT_RUN, '--log', log], { cwd });
    await waitFor(hasOpened(log), 'the socket to open');
    unlinkSync(log);
    const { code, stderr } = await result;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /the event log ".*run\.ndjson" was deleted during the run: it was written again/);
    const events = lines(log).map((line) => line.event);
    assert.equal(events[0], 'run-start', 'the lines before the deletion are back');
    assert.equal(events.at(-1), 'run-end', 'and the lines after it follow');
    assert.equal(events.filter((event) => event === 'close').length, 2);
  });

  test('a log replaced by another file is not named as if it held the run: exit 1, the reason', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    const { result } = startCli([...SHORT_RUN, '--log', log], { cwd });
    await waitFor(hasOpened(log), 'the socket to open');
    unlinkSync(log);
    writeFileSync(log, '');
    const { code, stdout, stderr } = await result;
    assert.equal(code, 1, stderr);
    assert.match(stdout, /connection/, 'the summary is printed');
    assert.match(stderr, /the event log ".*run\.ndjson" was replaced by another file during the run/);
    assert.doesNotMatch(stderr, /Event log: /);
    assertNoStack(stderr);
  });
});

describe('one run per log, readable by its owner only', () => {
  test('a second run on the same --log is refused with a usage error while the first goes on', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    const first = startCli(['run', '--sim', '--scenario', 'steady', '--no-status', '--log', log], { cwd });
    await waitFor(hasOpened(log), 'the first run to open its socket');
    const second = await runCli([...SHORT_RUN, '--log', log], { cwd });
    assert.equal(second.code, 2, second.stderr);
    assert.match(
      second.stderr,
      /the event log ".*run\.ndjson" is being written by another idleprobe run \(pid \d+ on /,
    );
    assert.match(second.stderr, /give this run its own --log/);
    first.child.kill('SIGINT');
    const ended = await first.result;
    assert.equal(ended.code, 130, ended.stderr);
    assert.equal(lines(log).filter((line) => line.event === 'run-start').length, 1, 'only the first run wrote');
    assert.equal(existsSync(`${log}.lock`), false, 'the lock goes with the run');
    assert.equal(statSync(log).mode & 0o777, 0o600, 'full channel ids are for the owner only');
  });

  test('after a kill -9: the stale lock is taken over and the next run starts on a fresh line', async () => {
    const cwd = tempDir();
    const log = join(cwd, 'run.ndjson');
    // What kill -9 in the middle of a write leaves: a log whose last line is cut short, and the lock.
    writeFileSync(log, readFileSync(`${FIXTURES}steady.ndjson`), { mode: 0o644 });
    appendFileSync(log, '{"level":"info","time":"2026-11-27T17:21:23.500Z","mono":2100.5,"event":"heartb');
    writeFileSync(`${log}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString() }));
    const run = await runCli([...SHORT_RUN.slice(0, -3), '--closures', '1', '--no-status', '--log', log], { cwd });
    assert.equal(run.code, 0, run.stderr);
    const report = await runCli(['report', log]);
    assert.equal(report.code, 0, report.stderr);
    assert.match(
      report.stderr,
      /line \d+: a line cut short \(a run killed while writing it, with another run appended after it\) was skipped/,
    );
    assert.match(report.stdout, /This log holds 2 runs/);
    assert.equal(statSync(log).mode & 0o777, 0o600, 'an older log is made the owner-only file a log is');
    assert.equal(existsSync(`${log}.lock`), false);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('run-log-order');

/**
 * A frame is stamped when it arrived, and what its callback logs about it (the `resumed` of the first frame
 * after a reconnect) must carry the same stamp: stamped later, it sat before an earlier frame in the log,
 * which `report` then called edited or sorted. On the system clock, as a user runs it.
 */
test('a run with a reconnect writes its log in time order, and report reads it without a warning', async () => {
  const cwd = tempDir();
  const run = await runCli(
    ['run', '--sim', '--time-scale', '300', '--closures', '2', '--no-status', '--log', 'run.ndjson'],
    { cwd },
  );
  assert.equal(run.code, 0, run.stderr);
  const events = readFileSync(join(cwd, 'run.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: string; mono: number; time: string });
  assert.ok(
    events.some((event) => event.event === 'resumed'),
    'the second connection resumed after the first closure',
  );
  events.slice(1).forEach((event, i) => {
    const before = events[i] as (typeof events)[number];
    assert.ok(
      event.mono >= before.mono,
      `${event.event} at mono ${event.mono} after ${before.event} at ${before.mono}`,
    );
    assert.ok(event.time >= before.time, `${event.event} at ${event.time} after ${before.event} at ${before.time}`);
  });
  const report = await runCli(['report', 'run.ndjson'], { cwd });
  assert.equal(report.code, 0, report.stderr);
  assert.doesNotMatch(report.stderr, /earlier on the monotonic clock/);
});

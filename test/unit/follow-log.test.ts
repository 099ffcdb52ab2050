import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { followLog } from '../../src/analysis/follow-log.js';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';
import type { Timer } from '../../src/clock/clock.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { renderSummary } from '../../src/report/render-summary.js';
import { within } from '../support/deadline.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('follow');
const FIXTURE = new URL('../../../fixtures/logs/maintenance.ndjson', import.meta.url);
const LINES = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
const CLOSES = LINES.flatMap((line, index) => (line.includes('"event":"close"') ? [index] : []));

/** A manual clock that says when the follower next waits: it has then read everything there was. */
class SteppedClock extends ManualClock {
  private waiters: Array<() => void> = [];

  override setTimer(ms: number, fn: () => void): Timer {
    const timer = super.setTimer(ms, fn);
    for (const waiter of this.waiters.splice(0)) waiter();
    return timer;
  }

  /** Moves to the follower's next look at the file and resolves once it is waiting again. */
  step(): Promise<void> {
    const paused = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.advance(1_000);
    return within(paused, 'the follower to read and wait again');
  }

  waiting(): Promise<void> {
    return within(new Promise<void>((resolve) => this.waiters.push(resolve)), 'the follower to wait');
  }
}

function start(path: string, clock: SteppedClock, controller = new AbortController()) {
  const closes: ProbeEvent[] = [];
  const notices: string[] = [];
  const waiting = clock.waiting();
  const done = followLog(path, {
    clock,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.event === 'close') closes.push(event);
    },
    onNotice: (notice) => notices.push(notice.kind),
  });
  done.catch(() => {});
  return { closes, notices, done, controller, waiting };
}

test('a log that does not exist yet is waited for, each closure arrives as it is written, a half-written line waits for its newline, and run-end gives the summary report prints', async () => {
  const path = join(tempDir(), 'run.ndjson');
  const clock = new SteppedClock();
  const follow = start(path, clock);
  await follow.waiting;
  assert.deepEqual(follow.notices, ['waiting']);

  const firstClose = CLOSES[0] ?? 0;
  const secondClose = CLOSES[1] ?? 0;
  // Up to the first closure, and half of the second closure's line.
  const half = (LINES[secondClose] ?? '').slice(0, 40);
  writeFileSync(path, `${LINES.slice(0, secondClose).join('\n')}\n${half}`);
  await clock.step();
  assert.deepEqual(follow.notices, ['waiting', 'appeared']);
  assert.equal(follow.closes.length, 1, 'the first closure, and only it: the second is not whole yet');
  assert.equal((follow.closes[0] as ProbeEvent & { conn: number }).conn, JSON.parse(LINES[firstClose] ?? '{}').conn);

  appendFileSync(path, `${(LINES[secondClose] ?? '').slice(40)}\n`);
  await clock.step();
  assert.equal(follow.closes.length, 2, 'the line, once whole, is read as the second closure');

  appendFileSync(path, `${LINES.slice(secondClose + 1).join('\n')}\n`);
  clock.advance(1_000);
  const { summary, end } = await within(follow.done, 'the follow to end on run-end');
  assert.equal(end, 'done');
  const report = await summarizeLogs([path], { sourceName: () => null });
  assert.equal(renderSummary(summary, 'table', { color: false }), renderSummary(report, 'table', { color: false }));
});

test('a stop (Ctrl-C) ends the follow with the summary of what was read', async () => {
  const path = join(tempDir(), 'run.ndjson');
  const firstClose = CLOSES[0] ?? 0;
  writeFileSync(path, `${LINES.slice(0, firstClose + 1).join('\n')}\n`);
  const clock = new SteppedClock();
  const follow = start(path, clock);
  await follow.waiting;
  assert.equal(follow.closes.length, 1);
  follow.controller.abort();
  const { summary, end } = await within(follow.done, 'the follow to end on the stop');
  assert.equal(end, 'stopped');
  const report = await summarizeLogs([path], { sourceName: () => null });
  assert.equal(renderSummary(summary, 'json', { color: false }), renderSummary(report, 'json', { color: false }));
});

test('a log truncated under the follower ends the follow, saying so', async () => {
  const path = join(tempDir(), 'run.ndjson');
  writeFileSync(path, `${LINES.slice(0, 10).join('\n')}\n`);
  const clock = new SteppedClock();
  const follow = start(path, clock);
  await follow.waiting;
  truncateSync(path, 0);
  clock.advance(1_000);
  const { end } = await within(follow.done, 'the follow to end on the truncation');
  assert.equal(end, 'truncated');
});

test('a log rotated away (renamed, a new file at its path) ends the follow after the old file is read to its end', async () => {
  const dir = tempDir();
  const path = join(dir, 'run.ndjson');
  const firstClose = CLOSES[0] ?? 0;
  writeFileSync(path, `${LINES.slice(0, firstClose).join('\n')}\n`);
  const clock = new SteppedClock();
  const follow = start(path, clock);
  await follow.waiting;
  assert.equal(follow.closes.length, 0);
  // The writer's last line lands in the old file just before it is rotated.
  appendFileSync(path, `${LINES[firstClose]}\n`);
  renameSync(path, join(dir, 'run.ndjson.1'));
  writeFileSync(path, `${LINES[0]}\n`);
  clock.advance(1_000);
  const { end } = await within(follow.done, 'the follow to end on the rotation');
  assert.equal(end, 'replaced');
  assert.equal(follow.closes.length, 1, 'the closure written before the rotation was read');
});

test('a stop before the log ever appeared is an error that says so', async () => {
  const path = join(tempDir(), 'never.ndjson');
  const clock = new SteppedClock();
  const follow = start(path, clock);
  await follow.waiting;
  follow.controller.abort();
  await assert.rejects(
    follow.done,
    (error) => isIdleprobeError(error, 'IDLEPROBE_ERR_LOG') && /never appeared/.test(error.message),
  );
});

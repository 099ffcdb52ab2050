import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { type EventLog, openEventLog } from '../../src/log/event-log.js';
import { PLACE_CHECK_MS } from '../../src/log/log-file.js';
import type { LockOwner } from '../../src/log/log-lock.js';
import { readEventLog } from '../../src/log/read-log.js';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { LOG_OPTIONS, THIS_PROCESS } from '../support/lock-owner.js';
import { tempDirs } from '../support/temp-dir.js';

const newDir = tempDirs('log-file');

/** A log on a bus driven by a manual clock, as a run writes it. */
function logged(path: string, options = {}): { log: EventLog; bus: EventBus; clock: ManualClock } {
  const clock = new ManualClock(Date.UTC(2026, 2, 4, 9));
  const bus = new EventBus(clock);
  const log = openEventLog(path, new SecretScrubber(), { ...LOG_OPTIONS, ...options });
  bus.subscribe((event) => log.write(event));
  return { log, bus, clock };
}

function beat(bus: EventBus, clock: ManualClock, ms = 1_000): void {
  clock.advance(ms);
  bus.publish({ event: 'heartbeat', channel: 'streaming-0-abc', conn: 1 });
}

function eventsIn(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { event: string }).event);
}

async function readBack(path: string): Promise<{ events: ProbeEvent[]; warnings: string[] }> {
  const warnings: string[] = [];
  const events: ProbeEvent[] = [];
  const input = Readable.from([readFileSync(path)]);
  for await (const event of readEventLog(input, path, { onWarning: (message) => warnings.push(message) }))
    events.push(event);
  return { events, warnings };
}

describe('a write that fails', () => {
  test('is kept as the failure, once, with nothing thrown and nothing retried, and close returns', () => {
    const { log, bus, clock } = logged('/dev/full');
    for (let i = 0; i < 100; i += 1) beat(bus, clock);
    assert.ok(isIdleprobeError(log.failure, 'IDLEPROBE_ERR_LOG'));
    assert.match(log.failure.message, /cannot write the event log "\/dev\/full": ENOSPC/);
    log.close();
    log.close();
  });
});

describe('a log deleted or replaced under a run', () => {
  test('deleted, it is written again from the open copy at the next check, and the run goes on in it', () => {
    const path = join(newDir(), 'run.ndjson');
    const warnings: string[] = [];
    const { log, bus, clock } = logged(path, { onWarning: (message: string) => warnings.push(message) });
    beat(bus, clock);
    beat(bus, clock);
    unlinkSync(path);
    beat(bus, clock, PLACE_CHECK_MS);
    assert.equal(existsSync(path), true, 'back before the next line is written');
    beat(bus, clock);
    assert.equal(log.failure, null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /was deleted during the run: it was written again .*\(2 lines\)/);
    log.close();
    assert.equal(eventsIn(path).length, 4);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  test('deleted after the last check, it is written again when the log closes', () => {
    const path = join(newDir(), 'run.ndjson');
    const { log, bus, clock } = logged(path);
    beat(bus, clock);
    unlinkSync(path);
    log.close();
    assert.deepEqual(eventsIn(path), ['heartbeat']);
    assert.equal(log.failure, null);
  });

  test('deleted with its folder, it is a failure that says the lines are lost', () => {
    const dir = newDir();
    const path = join(dir, 'run.ndjson');
    const { log, bus, clock } = logged(path);
    beat(bus, clock);
    rmSync(dir, { recursive: true, force: true });
    log.close();
    assert.ok(isIdleprobeError(log.failure, 'IDLEPROBE_ERR_LOG'));
    assert.match(log.failure.message, /was deleted during the run and cannot be written again.*1 lines are lost/);
  });

  test('replaced by another file, it is a failure and no later line goes anywhere', () => {
    const dir = newDir();
    const path = join(dir, 'run.ndjson');
    const { log, bus, clock } = logged(path);
    beat(bus, clock);
    renameSync(path, join(dir, 'rotated.ndjson'));
    writeFileSync(path, 'somebody else\n');
    beat(bus, clock, PLACE_CHECK_MS);
    beat(bus, clock);
    assert.match(log.failure?.message ?? '', /was replaced by another file during the run/);
    log.close();
    assert.equal(readFileSync(path, 'utf8'), 'somebody else\n', 'the file at the path is not touched');
    assert.deepEqual(eventsIn(join(dir, 'rotated.ndjson')), ['heartbeat']);
  });

  test('a log that stays where it is is never taken for replaced', () => {
    const path = join(newDir(), 'run.ndjson');
    const { log, bus, clock } = logged(path);
    for (let i = 0; i < 20; i += 1) beat(bus, clock, PLACE_CHECK_MS);
    log.close();
    assert.equal(log.failure, null);
    assert.equal(eventsIn(path).length, 20);
  });
});

describe('a run appended to a log', () => {
  test('starts on a fresh line after a run killed mid-line, and the file reads back with a warning', async () => {
    const path = join(newDir(), 'run.ndjson');
    const killed = logged(path);
    killed.bus.publish({ event: 'run-start', version: '1', options: {}, timeScale: 1, target: 't' });
    killed.log.close();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"level":"info","time":"2026-03-04T09:00:0`);
    const next = logged(path);
    next.bus.publish({ event: 'run-start', version: '1', options: {}, timeScale: 1, target: 't' });
    next.log.close();
    const { events, warnings } = await readBack(path);
    assert.deepEqual(
      events.map((event) => event.event),
      ['run-start', 'run-start'],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /line 2: a line cut short .* was skipped/);
  });

  test('after a run that ended cleanly, nothing is added between the runs', () => {
    const path = join(newDir(), 'run.ndjson');
    for (let run = 0; run < 2; run += 1) {
      const { log, bus } = logged(path);
      bus.publish({ event: 'run-start', version: '1', options: {}, timeScale: 1, target: 't' });
      log.close();
    }
    assert.equal(readFileSync(path, 'utf8').split('\n').length, 3, 'two lines and the final newline');
  });
});

describe('the lock and the mode of a log', () => {
  test('a second open of a log being written is refused, naming the run; once closed, it opens', () => {
    const path = join(newDir(), 'run.ndjson');
    const { log } = logged(path);
    assert.throws(
      () => logged(path),
      (error: Error) => {
        assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG'));
        assert.match(error.message, new RegExp(`another idleprobe run \\(pid ${process.pid} on `));
        assert.match(error.message, /give this run its own --log/);
        return true;
      },
    );
    log.close();
    assert.equal(existsSync(`${path}.lock`), false);
    logged(path).log.close();
  });

  test('a lock whose run is gone is taken over; one held by a live run or another host is not', () => {
    const path = join(newDir(), 'run.ndjson');
    const lock = `${path}.lock`;
    const since = new Date().toISOString();
    const gone: LockOwner = { pid: process.pid, isRunning: (pid) => pid !== 4242 };
    writeFileSync(lock, JSON.stringify({ pid: 4242, host: hostname(), since }));
    const taken = logged(path, { owner: gone });
    assert.match(readFileSync(lock, 'utf8'), new RegExp(`"pid":${process.pid}`));
    taken.log.close();

    writeFileSync(lock, JSON.stringify({ pid: 4243, host: hostname(), since }));
    assert.throws(() => logged(path, { owner: gone }), /pid 4243/);
    writeFileSync(lock, JSON.stringify({ pid: 4242, host: 'another-host', since }));
    assert.throws(() => logged(path, { owner: gone }), /pid 4242 on another-host/);
    writeFileSync(lock, 'cut sh');
    logged(path, { owner: gone }).log.close();
    assert.equal(existsSync(lock), false);
  });

  test('a lock taken over by another run is left to it when this one closes', () => {
    const path = join(newDir(), 'run.ndjson');
    const { log } = logged(path);
    const theirs = JSON.stringify({ pid: 1, host: hostname(), since: new Date().toISOString() });
    writeFileSync(`${path}.lock`, theirs);
    log.close();
    assert.equal(readFileSync(`${path}.lock`, 'utf8'), theirs);
  });

  test('a new log is readable by its owner only, and an older one is made so', () => {
    const dir = newDir();
    const fresh = join(dir, 'new.ndjson');
    logged(fresh).log.close();
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
    const older = join(dir, 'older.ndjson');
    writeFileSync(older, '');
    chmodSync(older, 0o644);
    logged(older).log.close();
    assert.equal(statSync(older).mode & 0o777, 0o600);
  });

  test('a device is written as it is: no lock beside it, no mode changed', () => {
    const { log } = logged('/dev/null');
    log.close();
    assert.equal(existsSync('/dev/null.lock'), false);
    assert.equal(statSync('/dev/null').mode & 0o777, 0o666);
  });

  test('a folder given as the log is named as one', () => {
    assert.throws(
      () => openEventLog(newDir(), new SecretScrubber(), { owner: THIS_PROCESS, wallNow: 0 }),
      /cannot write the event log ".*": it is a folder/,
    );
  });
});

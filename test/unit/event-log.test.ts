import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { createEventLog, openEventLog } from '../../src/log/event-log.js';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { LOG_OPTIONS } from '../support/lock-owner.js';
import { tempDirs } from '../support/temp-dir.js';

const newDir = tempDirs('log');

function logInTemp(): string {
  return join(newDir(), 'run.ndjson');
}

test('each event becomes one NDJSON line with its own time and mono stamps, written at once', () => {
  const path = logInTemp();
  const clock = new ManualClock(Date.UTC(2026, 10, 27, 12, 0, 0));
  const bus = new EventBus(clock);
  const log = openEventLog(path, new SecretScrubber(), LOG_OPTIONS);
  bus.subscribe((event) => log.write(event));
  bus.publish({ event: 'open', channel: 'streaming-0-abc', conn: 1 });
  clock.advance(30_000.5);
  bus.publish({ event: 'heartbeat', channel: 'streaming-0-abc', conn: 1 });
  // Synchronous writes: the line is on disk before close, so a crash would not lose it.
  const lines = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[1], {
    level: 'info',
    time: '2026-11-27T12:00:30.000Z',
    mono: 30000.5,
    event: 'heartbeat',
    channel: 'streaming-0-abc',
    conn: 1,
  });
  log.close();
  log.close();
});

test('closures and errors are logged at warn and error level', () => {
  const path = logInTemp();
  const bus = new EventBus(new ManualClock());
  const log = openEventLog(path, new SecretScrubber(), LOG_OPTIONS);
  bus.subscribe((event) => log.write(event));
  bus.publish({ event: 'close', channel: 'c', conn: 1, code: 1001, reason: 'idle timeout', clean: true, by: 'server' });
  bus.publish({ event: 'error', code: 'IDLEPROBE_ERR_HTTP', message: 'boom' });
  log.close();
  const levels = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).level);
  assert.deepEqual(levels, ['warn', 'error']);
});

test('no line ever carries a known secret, whatever field it hides in', () => {
  const path = logInTemp();
  const scrubber = new SecretScrubber();
  scrubber.add('tok-1234567890');
  const bus = new EventBus(new ManualClock());
  const log = openEventLog(path, scrubber, LOG_OPTIONS);
  bus.subscribe((event) => log.write(event));
  bus.publish({ event: 'error', code: 'IDLEPROBE_ERR_HTTP', message: 'request with Bearer tok-1234567890 failed' });
  bus.publish({
    event: 'run-start',
    version: '1',
    options: { nested: { token: 'tok-1234567890' } },
    timeScale: 1,
    target: 't',
  });
  log.close();
  const text = readFileSync(path, 'utf8');
  assert.ok(!text.includes('tok-1234567890'));
  assert.equal(text.split('[redacted]').length - 1, 2);
});

test('an unwritable log path is a clear error naming the path and --log', () => {
  assert.throws(
    () => openEventLog('/nonexistent-dir/x/run.ndjson', new SecretScrubber(), LOG_OPTIONS),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'IDLEPROBE_ERR_LOG');
      assert.match(error.message, /\/nonexistent-dir\/x\/run\.ndjson.*--log/);
      return true;
    },
  );
});

test('the recorded fixture logs are written back byte for byte: same keys, same order, same numbers', () => {
  const fixtures = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
  const files = readdirSync(fixtures).filter((name) => name.endsWith('.ndjson'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const recorded = readFileSync(`${fixtures}${file}`, 'utf8').split('\n').filter(Boolean);
    const written: string[] = [];
    const log = createEventLog({ write: (line: string) => written.push(line) }, new SecretScrubber());
    for (const line of recorded) {
      const { level: _level, ...event } = JSON.parse(line) as Record<string, unknown>;
      log.write(event as unknown as ProbeEvent);
    }
    log.close();
    assert.deepEqual(
      written.map((line) => line.replace(/\n$/, '')),
      recorded,
      file,
    );
  }
});

test('a line starts with level, time and mono, each once, then the event in its own order', () => {
  const lines: string[] = [];
  const log = createEventLog({ write: (line: string) => lines.push(line) }, new SecretScrubber());
  log.write({ event: 'heartbeat', channel: 'c', conn: 2, time: '2026-11-27T12:00:30.000Z', mono: 30000.5 });
  log.write({ event: 'heartbeat', channel: 'c', conn: 2, time: '2026-11-27T12:00:31.000Z', mono: Number.NaN });
  assert.deepEqual(lines, [
    '{"level":"info","time":"2026-11-27T12:00:30.000Z","mono":30000.5,"event":"heartbeat","channel":"c","conn":2}\n',
    '{"level":"info","time":"2026-11-27T12:00:31.000Z","mono":null,"event":"heartbeat","channel":"c","conn":2}\n',
  ]);
});

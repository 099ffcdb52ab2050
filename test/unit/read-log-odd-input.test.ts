import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { MAX_LINE_BYTES, readLines } from '../../src/log/read-lines.js';
import { readEventLog } from '../../src/log/read-log.js';
import { script } from '../support/event-builders.js';

const GOOD = script().runStart().at(0).open().at(30_000).heartbeat().at(60_000).heartbeat().at(70_000).close();

async function read(
  input: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
): Promise<{ events: ProbeEvent[]; warnings: string[] }> {
  const warnings: string[] = [];
  const events: ProbeEvent[] = [];
  for await (const event of readEventLog(Readable.from(input), 'odd.ndjson', {
    onWarning: (message) => warnings.push(message),
  }))
    events.push(event);
  return { events, warnings };
}

/** The reading's outcome: its events and warnings, or the IdleprobeError it ended in (anything else fails). */
async function outcome(
  input: Iterable<Buffer | string>,
): Promise<{ events: ProbeEvent[]; warnings: string[] } | { error: Error }> {
  try {
    return await read(input);
  } catch (error) {
    assert.ok(isIdleprobeError(error), `not a deliberate error: ${(error as Error).stack}`);
    return { error };
  }
}

describe('a log that is not what it should be gets a clear error or a warning', () => {
  test('an empty file is an error, not a summary of nothing', async () => {
    for (const text of ['', '\n\n   \n']) {
      const result = await outcome([text]);
      assert.ok('error' in result);
      assert.equal((result.error as { code?: string }).code, 'IDLEPROBE_ERR_LOG_PARSE');
      assert.match(result.error.message, /odd\.ndjson holds no idleprobe event: it is empty/);
    }
  });

  test('a file of NUL bytes is an error naming its line, not a run killed mid-write', async () => {
    const result = await outcome([Buffer.alloc(100_000)]);
    assert.ok('error' in result);
    assert.match(
      result.error.message,
      /holds no idleprobe event: line 1 is not valid JSON, and no other line is an event/,
    );
  });

  test('random bytes are an error naming a line, whatever the bytes', async () => {
    for (let i = 0; i < 50; i += 1) {
      const result = await outcome([randomBytes(2_000 + i * 97)]);
      assert.ok('error' in result, 'random bytes are never a log');
      assert.match(result.error.message, /odd\.ndjson (line \d+ |holds no idleprobe event)/);
    }
  });

  test('a log cut at every byte reads what is whole and warns about the rest, or says what is wrong', async () => {
    const text = GOOD.ndjson();
    for (let cut = 1; cut < text.length; cut += 7) {
      const result = await outcome([text.slice(0, cut)]);
      if ('error' in result) assert.match(result.error.message, /odd\.ndjson (line 1 |holds no idleprobe event)/);
      else assert.ok(result.events.length >= 1);
    }
  });

  test('a line repeated exactly is skipped once with a warning, not counted twice', async () => {
    const lines = GOOD.ndjson().trim().split('\n');
    const doubled = lines.flatMap((line) => [line, line]).join('\n');
    const { events, warnings } = await read([doubled]);
    assert.equal(events.length, lines.length);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /odd\.ndjson line 2: lines that repeat the line before them exactly were skipped .*\(5 lines\)/,
    );
  });

  test('events out of order on the monotonic clock are kept, with one warning', async () => {
    const lines = GOOD.ndjson().trim().split('\n');
    const swapped = [lines[0], lines[1], lines[3], lines[2], lines[4]].join('\n');
    const { events, warnings } = await read([swapped]);
    assert.equal(events.length, 5);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /odd\.ndjson line 4: an event is earlier on the monotonic clock than the one before it/,
    );
  });

  test('a second run starting again at mono 0 is not out of order', async () => {
    const { warnings } = await read([`${GOOD.ndjson()}${GOOD.ndjson().replace(/"mono":0,/, '"mono":0.5,')}`]);
    assert.deepEqual(warnings, []);
  });

  test('a line cut short before a run-start is what an appended run after kill -9 leaves: skipped with a warning', async () => {
    const { events, warnings } = await read([`${GOOD.ndjson()}{"level":"info","ti\n${GOOD.ndjson()}`]);
    assert.equal(events.length, 10);
    assert.match(
      warnings.join('\n'),
      /line 6: a line cut short \(a run killed while writing it, with another run appended/,
    );
  });

  test('a line cut short before anything but a run-start is still an error', async () => {
    const [first, ...rest] = GOOD.ndjson().trim().split('\n');
    const result = await outcome([`${first}\n{"level":"info","ti\n${rest.join('\n')}`]);
    assert.ok('error' in result);
    assert.match(result.error.message, /odd\.ndjson line 2 is not valid JSON/);
  });
});

describe('the stamps every line carries are checked where they are read', () => {
  const heartbeat = (time: string, mono: string) =>
    `{"event":"heartbeat","time":"${time}","mono":${mono},"channel":"c","conn":1}`;
  for (const [what, line, problem] of [
    ['a month 13', heartbeat('2026-13-45T99:99:99Z', '1'), 'has a "time" that is not an ISO 8601 date'],
    ['a time that is not a date', heartbeat('yesterday', '1'), 'has a "time" that is not an ISO 8601 date'],
    ['the year 275760', heartbeat('+275760-09-13T00:00:00.000Z', '1'), 'has a "time" that is not an ISO 8601 date'],
    ['a mono of 1e308', heartbeat('2026-03-04T09:00:00.000Z', '1e308'), 'has a "mono" that is not between 0'],
    ['a negative mono', heartbeat('2026-03-04T09:00:00.000Z', '-1e308'), 'has a "mono" that is not between 0'],
    ['a mono of 1e400', heartbeat('2026-03-04T09:00:00.000Z', '1e400'), 'has no number "mono"'],
  ] as const) {
    test(`${what} is an error naming the line and the field`, async () => {
      const result = await outcome([`${GOOD.ndjson()}${line}\n${GOOD.ndjson()}`]);
      assert.ok('error' in result);
      assert.ok(result.error.message.includes(`odd.ndjson line 6 ${problem}`), result.error.message);
    });
  }

  test('their look-alikes read: a time without milliseconds, a mono of 0, a run of a year', async () => {
    const lines = [heartbeat('2026-03-04T09:00:00Z', '0'), heartbeat('2026-03-04T09:00:00.000+01:00', '31557600000')];
    const { events } = await read([`${GOOD.ndjson()}${lines.join('\n')}`]);
    assert.equal(events.length, 7);
  });
});

describe('a line of any length streams in constant memory', () => {
  test('a 300 MB line is never held: it is skipped with a warning and the events around it are read', async () => {
    const total = 300 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 'a');
    const before = GOOD.ndjson();
    let peak = 0;
    const sample = (): void => {
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      peak = Math.max(peak, heapUsed + arrayBuffers);
    };
    global.gc?.();
    sample();
    const baseline = peak;
    async function* huge(): AsyncGenerator<Buffer | string> {
      yield before;
      yield '{"event":"heartbeat","note":"';
      for (let sent = 0; sent < total; sent += piece.length) {
        if (sent % (16 * piece.length) === 0) sample();
        yield piece;
      }
      yield '"}\n';
      yield GOOD.ndjson();
    }
    const { events, warnings } = await read(huge());
    sample();
    assert.equal(events.length, 10);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /odd\.ndjson line 6: a line longer than 1 MiB, which no idleprobe event is, was skipped/,
    );
    assert.ok(peak - baseline < 64 * 1024 * 1024, `memory grew by ${Math.round((peak - baseline) / 1e6)} MB`);
  });

  test('the line splitter keeps lines up to the cap whole, and splits characters across chunks correctly', async () => {
    const euro = Buffer.from('€');
    const chunks = [Buffer.from('ab'), euro.subarray(0, 1), euro.subarray(1), Buffer.from('\nc\r\n'), Buffer.from('d')];
    const lines = [];
    for await (const batch of readLines(Readable.from(chunks))) lines.push(...batch);
    assert.deepEqual(lines, [
      { number: 1, text: 'ab€' },
      { number: 2, text: 'c\r' },
      { number: 3, text: 'd' },
    ]);
    const exact = [];
    const long = Readable.from([`${'x'.repeat(MAX_LINE_BYTES)}\n${'y'.repeat(MAX_LINE_BYTES + 1)}`]);
    for await (const batch of readLines(long))
      for (const line of batch) exact.push('text' in line ? line.text.length : 'too long');
    assert.deepEqual(exact, [MAX_LINE_BYTES, 'too long']);
  });
});

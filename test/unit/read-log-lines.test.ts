import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { type ReadLogOptions, readEventLog } from '../../src/log/read-log.js';
import { script } from '../support/event-builders.js';

async function readAll(text: string | string[], options?: ReadLogOptions): Promise<ProbeEvent[]> {
  const chunks = Array.isArray(text) ? text : [text];
  const events: ProbeEvent[] = [];
  for await (const event of readEventLog(Readable.from(chunks), 'run.ndjson', options)) events.push(event);
  return events;
}

async function parseFailure(text: string): Promise<Error> {
  return readAll(text).then(
    () => assert.fail('the log was accepted'),
    (error: Error) => error,
  );
}

const GOOD = script().runStart().at(0).open().at(30_000).heartbeat().at(40_000).close();

describe('reading an event log', () => {
  test('every line comes back as the event that was written, extra fields included', async () => {
    const withLevel = `${GOOD.build()
      .map((e) => JSON.stringify({ level: 'info', ...e }))
      .join('\n')}\n`;
    const events = await readAll(withLevel);
    assert.deepEqual(
      events.map((e) => e.event),
      ['run-start', 'open', 'heartbeat', 'close'],
    );
    assert.equal((events[2] as unknown as { level: string }).level, 'info');
    assert.equal(events[3]?.mono, 40_000);
  });

  test('lines split across chunks, CRLF endings, a BOM and blank lines are all fine', async () => {
    const text =
      '\uFEFF' +
      GOOD.build()
        .map((e) => JSON.stringify(e))
        .join('\r\n\r\n');
    const middle = Math.floor(text.length / 2);
    const events = await readAll([text.slice(0, middle), text.slice(middle)]);
    assert.equal(events.length, 4);
  });

  test('a line that is not JSON names the source and its line number', async () => {
    const lines = GOOD.ndjson().split('\n');
    lines.splice(2, 0, '{"event":"heartbeat",');
    const error = await parseFailure(lines.join('\n'));
    assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_LOG_PARSE'));
    assert.match(error.message, /run\.ndjson line 3 is not valid JSON/);
  });

  test('line numbers count blank lines too', async () => {
    const error = await parseFailure(`\n\n${JSON.stringify(GOOD.build()[0])}\n[1,2]\n`);
    assert.match(error.message, /line 4 is not a JSON object/);
  });

  for (const [what, line, problem] of [
    ['no event name', '{"time":"2026-01-01T00:00:00.000Z","mono":0}', 'has no string "event"'],
    ['no time', '{"event":"open","mono":0,"channel":"c","conn":1}', 'has no string "time"'],
    [
      'a mono that is not a number',
      '{"event":"open","time":"2026-01-01T00:00:00.000Z","mono":"0","channel":"c","conn":1}',
      'has no number "mono"',
    ],
    [
      'a heartbeat without its channel',
      '{"event":"heartbeat","time":"2026-01-01T00:00:00.000Z","mono":0,"conn":1}',
      'is a "heartbeat" event without a string "channel"',
    ],
    [
      'a close by nobody known',
      '{"event":"close","time":"2026-01-01T00:00:00.000Z","mono":0,"channel":"c","conn":1,"code":1000,"reason":"","clean":true,"by":"me"}',
      'is a "close" event whose "by" is not',
    ],
  ] as const) {
    test(`a line with ${what} is rejected, saying what is wrong`, async () => {
      const error = await parseFailure(`${line}\n${GOOD.ndjson()}`);
      assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_LOG_PARSE'));
      assert.ok(error.message.includes(`line 1 ${problem}`), error.message);
    });
  }

  test('a cut-off final line is skipped with a warning and the events before it are kept', async () => {
    const warnings: string[] = [];
    const text = `${GOOD.ndjson()}{"level":"info","time":"2026-01-01T12:01:00.000Z","mo`;
    const events = await readAll(text, { onWarning: (message) => warnings.push(message) });
    assert.equal(events.length, 4);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /run\.ndjson line 5: the last line is cut short/);
  });

  test('a cut-off final line followed only by blank lines is still the last line', async () => {
    const events = await readAll(`${GOOD.ndjson()}{"event":"heart\n\n\n`);
    assert.equal(events.length, 4);
  });

  test('a final line that is valid JSON but not an event is an error, not a truncation', async () => {
    const error = await parseFailure(`${GOOD.ndjson()}{"event":"heartbeat"}\n`);
    assert.match(error.message, /line 5 has no string "time"/);
  });

  test('an error never quotes the offending line, which might hold a secret', async () => {
    const [first, ...rest] = GOOD.ndjson().split('\n');
    const error = await parseFailure(`${first}\n{"access_token":"abcdefsecret" oops\n${rest.join('\n')}`);
    assert.doesNotMatch(error.message, /abcdefsecret/);
    assert.equal(error.cause, undefined);
  });

  test('a stream that fails while reading becomes a log error naming the source', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk went away'));
      },
    });
    const consume = async () => {
      for await (const _ of readEventLog(failing, 'broken.ndjson')) void _;
    };
    await assert.rejects(
      consume,
      (error: Error) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_LOG') && /broken\.ndjson: disk went away/.test(error.message),
    );
  });
});

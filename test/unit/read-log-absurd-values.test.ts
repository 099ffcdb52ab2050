import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import type { RunSummary } from '../../src/analysis/summary.js';
import { IdleprobeError } from '../../src/errors.js';
import { readEventLog } from '../../src/log/read-log.js';
import { REPORT_FORMATS, renderSummary } from '../../src/report/render-summary.js';
import { CHANNEL, OTHER_CHANNEL } from '../support/event-builders.js';

const START = Date.UTC(2026, 0, 1);

/** A run of two closures whose last line is `last` (merged over a plain close at `mono`). */
function log(options: { timeScale?: number; mono?: number; last?: Record<string, unknown> } = {}): string {
  const mono = options.mono ?? 900_000;
  const stamp = (at: number) => ({ level: 'info', time: new Date(START + Math.min(at, 1e12)).toISOString(), mono: at });
  const lines = [
    { ...stamp(0), event: 'run-start', version: 'test', options: {}, timeScale: options.timeScale ?? 1, target: 'sim' },
    { ...stamp(0), event: 'open', channel: CHANNEL, conn: 1 },
    { ...stamp(1_000), event: 'open', channel: OTHER_CHANNEL, conn: 2 },
    {
      ...stamp(61_000),
      event: 'close',
      channel: OTHER_CHANNEL,
      conn: 2,
      code: 1006,
      reason: '',
      clean: false,
      by: 'network',
    },
    {
      ...stamp(mono),
      event: 'close',
      channel: CHANNEL,
      conn: 1,
      code: 1001,
      reason: 'idle timeout',
      clean: true,
      by: 'server',
      ...options.last,
    },
  ];
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

/** `report` on the log: read, analysed, rendered in every format; or the error that stopped it. */
async function report(text: string): Promise<RunSummary> {
  const analyzer = new ClosureAnalyzer();
  for await (const event of readEventLog(Readable.from([text]), 'absurd.ndjson')) analyzer.push(event);
  const summary = analyzer.finish();
  for (const format of REPORT_FORMATS) renderSummary(summary, format, { color: false });
  return summary;
}

async function refusal(text: string): Promise<string> {
  try {
    await report(text);
  } catch (error) {
    assert.ok(error instanceof IdleprobeError, `not a clear refusal: ${String(error)}`);
    assert.equal(error.code, 'IDLEPROBE_ERR_LOG_PARSE');
    return error.message;
  }
  assert.fail('the log was read as if nothing were wrong');
}

describe('absurd values are refused where a log is read, with the line and the field', () => {
  test('a mono of a month, or of nearly a century, is a long run: read and reported', async () => {
    const month = await report(log({ mono: 30 * 86_400_000 }));
    assert.equal(month.closures.at(-1)?.lifetimeMs, 30 * 86_400_000);
    const century = await report(log({ mono: 99 * 365 * 86_400_000 }));
    assert.equal(century.closures.length, 2);
  });

  test('a huge time scale is refused: every duration of the run would be multiplied by it', async () => {
    const message = await refusal(log({ timeScale: 1e300 }));
    assert.match(message, /line 1 is a "run-start" event whose "timeScale" is not a positive number up to 100000/);
  });

  test('the fastest time scale an idleprobe ever wrote, 100000, still reads, with finite ages', async () => {
    const summary = await report(log({ timeScale: 100_000, mono: 3e12 }));
    for (const row of summary.closures) assert.ok(Number.isFinite(row.lifetimeMs), `age ${row.lifetimeMs}`);
  });

  test('an absurd duration inside an event is refused by its field', async () => {
    const message = await refusal(
      `${log()}${JSON.stringify({ level: 'info', time: '2026-01-01T01:00:00.000Z', mono: 3_600_000, event: 'health', windowMs: 1e300, loopDelayP50Ms: 1, loopDelayP99Ms: 2, loopDelayMaxMs: 3 })}\n`,
    );
    assert.match(
      message,
      /line 6 is a "health" event whose "windowMs" is not a number of milliseconds within a century/,
    );
  });

  test('a clock that jumped back (a negative jump) is a duration, not an absurd value', async () => {
    const jump = { level: 'info', time: '2026-01-01T01:00:00.000Z', mono: 3_600_000, event: 'clock-jump' };
    const summary = await report(
      `${log()}${JSON.stringify({ ...jump, wallDeltaMs: 55_000, monoDeltaMs: 60_000, jumpMs: -5_000 })}\n`,
    );
    assert.equal(summary.closures.length, 2);
  });
});

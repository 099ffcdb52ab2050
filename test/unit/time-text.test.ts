import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatClockTime, formatDateTime, formatDuration } from '../../src/clock/time-text.js';

describe('durations for people', () => {
  for (const [ms, text] of [
    [null, '—'],
    [0, '0ms'],
    [812, '812ms'],
    [812.4, '812ms'],
    [999.6, '1.0s'],
    [42_500, '42.5s'],
    [59_960, '1m 00.0s'],
    [65_000, '1m 05.0s'],
    [899_800, '14m 59.8s'],
    [3_723_000, '1h 02m 03.0s'],
    [86_400_000, '24h 00m 00.0s'],
  ] as const) {
    test(`${ms === null ? 'no value' : `${ms} ms`} reads as ${text}`, () => {
      assert.equal(formatDuration(ms), text);
    });
  }

  test('a negative duration keeps its sign instead of reading as a long one', () => {
    assert.equal(formatDuration(-1_500), '-1.5s');
  });
});

describe('wall times for people', () => {
  test('a row time is the UTC time of day with milliseconds', () => {
    assert.equal(formatClockTime('2026-01-01T12:15:15.004Z'), '12:15:15.004');
    assert.equal(formatClockTime('2026-01-01T13:15:15.004+01:00'), '12:15:15.004');
  });

  test('a header time is the UTC date and time, and unknown when missing', () => {
    assert.equal(formatDateTime('2026-01-01T12:15:15.004Z'), '2026-01-01 12:15:15 UTC');
    assert.equal(formatDateTime(null), 'unknown');
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DURATION_MS, parseDuration } from '../../src/clock/time-text.js';

test('durations read as people type them', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration(' 45 '), 45_000);
});

test('a malformed duration is an error that shows how to write one', () => {
  for (const bad of ['', 'soon', '10 minutes', '5x', '1h-3m', 'm']) {
    assert.throws(
      () => parseDuration(bad, '--ping'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'IDLEPROBE_ERR_USAGE');
        assert.match(error.message, /--ping .* like 30s, 15m/);
        return true;
      },
    );
  }
});

test('a year is the longest duration taken; a longer one (or one too long to be exact) is refused', () => {
  assert.equal(parseDuration('30d'), 30 * 86_400_000);
  assert.equal(parseDuration('365d'), MAX_DURATION_MS);
  for (const bad of ['366d', '9000h', `${'9'.repeat(400)}s`, '99999999999']) {
    assert.throws(
      () => parseDuration(bad, '--duration'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'IDLEPROBE_ERR_USAGE');
        assert.match(error.message, /^--duration ".*" is longer than 365d, the longest duration idleprobe takes/);
        return true;
      },
    );
  }
});

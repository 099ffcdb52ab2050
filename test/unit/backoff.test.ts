import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, cappedRetryAfter, MAX_RETRY_AFTER_MS } from '../../src/probe/backoff.js';

const policy = { initialMs: 1_000, maxMs: 60_000 };

test('delays double per attempt between half and all of the bound', () => {
  assert.equal(
    backoffDelay(1, policy, () => 0),
    500,
  );
  assert.equal(
    backoffDelay(1, policy, () => 0.999999),
    1_000,
  );
  assert.equal(
    backoffDelay(3, policy, () => 0),
    2_000,
  );
  assert.equal(
    backoffDelay(3, policy, () => 0.5),
    3_000,
  );
});

test('the cap holds however many attempts failed', () => {
  for (const attempt of [7, 20, 1_000]) {
    const delay = backoffDelay(attempt, policy, () => 0.999999);
    assert.ok(delay <= 60_000 && delay >= 30_000, `attempt ${attempt}: ${delay}`);
  }
});

test('Retry-After from the service is a floor', () => {
  assert.equal(
    backoffDelay(1, policy, () => 0, 15_000),
    15_000,
  );
  assert.equal(
    backoffDelay(4, policy, () => 0.999999, 100),
    8_000,
  );
});

test('a Retry-After is a floor up to ten minutes, and cut to ten minutes beyond', () => {
  assert.equal(
    backoffDelay(1, policy, () => 0, 120_000),
    120_000,
  );
  for (const absurd of [999_999_000, 99_999_999_999_000, Number.POSITIVE_INFINITY]) {
    assert.equal(
      backoffDelay(1, policy, () => 0, absurd),
      MAX_RETRY_AFTER_MS,
    );
    assert.deepEqual(cappedRetryAfter(absurd), { usedMs: MAX_RETRY_AFTER_MS, clamped: true });
  }
  assert.deepEqual(cappedRetryAfter(MAX_RETRY_AFTER_MS), { usedMs: MAX_RETRY_AFTER_MS, clamped: false });
  assert.deepEqual(cappedRetryAfter(null), { usedMs: null, clamped: false });
});

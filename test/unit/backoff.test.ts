import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/probe/backoff.js';

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

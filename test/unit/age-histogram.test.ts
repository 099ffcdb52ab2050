import assert from 'node:assert/strict';
import { test } from 'node:test';
import { histogram } from '../../src/analysis/run-patterns.js';

test('an absurd age widens the bins instead of making billions of them, and every age is counted', () => {
  const bins = histogram([60_000, 90_000, 1e308]);
  assert.ok(bins.length <= 12, `${bins.length} bins`);
  assert.equal(
    bins.reduce((sum, bin) => sum + bin.count, 0),
    3,
  );
});

test("a soak's quarter of a million ages is binned without overflowing the stack", () => {
  const ages = Array.from({ length: 250_000 }, (_, i) => 60_000 + (i % 600) * 1_000);
  const bins = histogram(ages);
  assert.equal(
    bins.reduce((sum, bin) => sum + bin.count, 0),
    ages.length,
  );
  assert.ok(bins.length <= 12);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { round } from '../../src/clock/round.js';
import { plural } from '../../src/report/plural.js';

test('event milliseconds keep a microsecond, summary durations and SVG coordinates a tenth, halves up', () => {
  assert.equal(round(30_000.0005, 3), 30_000.001);
  assert.equal(round(874.12345, 3), 874.123);
  assert.equal(round(12.25, 1), 12.3);
  assert.equal(round(899_999.96, 1), 900_000);
});

test('a count reads with its noun, plural unless it is one', () => {
  assert.deepEqual(
    [plural(0, 'closure'), plural(1, 'closure'), plural(2, 'heartbeat')],
    ['0 closures', '1 closure', '2 heartbeats'],
  );
});

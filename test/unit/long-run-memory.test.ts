import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { keepLongRunMemoryFlat } from '../../src/cli/long-run-memory.js';

function newSpaceSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? Number.NaN;
}

test("a live run's young generation stays at its size however many objects survive its collections", () => {
  keepLongRunMemoryFlat();
  const before = newSpaceSize();
  // Objects that live a while, as a run's connections and rows do: many survive each young collection,
  // which is what makes V8 grow the young generation when it may.
  const kept: Array<{ n: number; text: string }> = [];
  for (let i = 0; i < 2_000_000; i += 1) {
    kept.push({ n: i, text: `row ${i}` });
    if (kept.length > 100_000) kept.splice(0, 50_000);
  }
  assert.ok(kept.length > 0);
  // V8 may round it up once; free to grow, it reaches its maximum (16 to 32 MB) well within this loop.
  assert.ok(newSpaceSize() <= 2 * before, `the young generation grew from ${before} to ${newSpaceSize()} bytes`);
});

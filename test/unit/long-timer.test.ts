import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chainedTimer, MAX_PLATFORM_TIMER_MS, type PlatformTimers } from '../../src/clock/long-timer.js';
import { systemClock } from '../../src/clock/system-clock.js';

/** Platform timers that fire only when told to, recording every delay asked of them. */
function fakePlatform(): PlatformTimers & { asked: number[]; fireNext(): void; cleared: number } {
  let pending: (() => void) | null = null;
  const platform = {
    asked: [] as number[],
    cleared: 0,
    set(ms: number, fn: () => void) {
      platform.asked.push(ms);
      pending = fn;
      return platform.asked.length;
    },
    clear() {
      platform.cleared += 1;
      pending = null;
    },
    fireNext() {
      const fn = pending;
      pending = null;
      fn?.();
    },
  };
  return platform;
}

test('a 30-day timer is a chain of waits the platform can hold, and fires only at its end', () => {
  const platform = fakePlatform();
  const thirtyDays = 30 * 86_400_000;
  let fired = 0;
  chainedTimer(thirtyDays, () => fired++, platform);
  // Node would replace one wait past 2^31 - 1 ms by 1 ms: the run would end at once.
  while (fired === 0) {
    assert.ok(platform.asked.length < 10, 'a few links, not a loop');
    assert.ok(platform.asked.at(-1)! <= MAX_PLATFORM_TIMER_MS, `asked ${platform.asked.at(-1)} ms`);
    platform.fireNext();
  }
  assert.equal(
    platform.asked.reduce((sum, ms) => sum + ms, 0),
    thirtyDays,
  );
  assert.equal(platform.asked.length, 2);
});

test('a short timer is one wait; cancelling mid-chain stops it', () => {
  const platform = fakePlatform();
  let fired = 0;
  chainedTimer(250, () => fired++, platform);
  assert.deepEqual(platform.asked, [250]);
  platform.fireNext();
  assert.equal(fired, 1);

  const long = chainedTimer(3 * MAX_PLATFORM_TIMER_MS, () => fired++, platform);
  platform.fireNext();
  long.cancel();
  platform.fireNext();
  assert.equal(fired, 1, 'the cancelled chain never fired');
  assert.equal(platform.cleared, 1);
});

test('NaN and negative delays mean now', () => {
  const platform = fakePlatform();
  chainedTimer(Number.NaN, () => {}, platform);
  chainedTimer(-5, () => {}, platform);
  assert.deepEqual(platform.asked, [0, 0]);
});

test("the system clock's timer past 2^31 ms does not fire at once, as Node's own timer would", async () => {
  let fired = false;
  const timer = systemClock.setTimer(30 * 86_400_000, () => {
    fired = true;
  });
  // Node turns a longer delay into 1 ms: a broken clock fires within a tick or two. A busy machine can
  // only make this pass later, never fail a clock that works.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  timer.cancel();
  assert.equal(fired, false);
});

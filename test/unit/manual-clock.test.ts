import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';

test('timers fire in due order while time advances, ties in creation order', () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  clock.setTimer(20, () => fired.push(`b@${clock.monoNow()}`));
  clock.setTimer(10, () => fired.push(`a@${clock.monoNow()}`));
  clock.setTimer(20, () => fired.push(`c@${clock.monoNow()}`));
  clock.advance(15);
  assert.deepEqual(fired, ['a@10']);
  clock.advance(100);
  assert.deepEqual(fired, ['a@10', 'b@20', 'c@20']);
  assert.equal(clock.monoNow(), 115);
});

test('a timer set by a firing timer fires in the same advance when due', () => {
  const clock = new ManualClock();
  const fired: number[] = [];
  const tick = (): void => {
    fired.push(clock.monoNow());
    if (fired.length < 3) clock.setTimer(10, tick);
  };
  clock.setTimer(10, tick);
  clock.advance(100);
  assert.deepEqual(fired, [10, 20, 30]);
});

test('wall time follows monotonic time, and can jump alone', () => {
  const clock = new ManualClock(1_000_000);
  clock.advance(500);
  assert.equal(clock.wallNow(), 1_000_500);
  clock.jumpWall(60_000);
  assert.equal(clock.wallNow(), 1_060_500);
  assert.equal(clock.monoNow(), 500);
});

test('a cancelled timer never fires', () => {
  const clock = new ManualClock();
  let fired = false;
  clock
    .setTimer(5, () => {
      fired = true;
    })
    .cancel();
  clock.advance(10);
  assert.equal(fired, false);
  assert.equal(clock.pendingCount(), 0);
});

test('the time to the next timer lets a driver skip straight to it', () => {
  const clock = new ManualClock();
  assert.equal(clock.nextDueIn(), null);
  const early = clock.setTimer(30, () => {});
  clock.setTimer(50, () => {});
  clock.advance(10);
  assert.equal(clock.nextDueIn(), 20);
  early.cancel();
  assert.equal(clock.nextDueIn(), 40);
  clock.advance(40);
  assert.equal(clock.nextDueIn(), null);
});

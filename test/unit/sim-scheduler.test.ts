import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SimScheduler } from '../../src/sim/scheduler.js';

describe('simulator scheduler', () => {
  test('a scenario delay is divided by the time scale', () => {
    const clock = new ManualClock();
    const scheduler = new SimScheduler(clock, 60, () => {});
    const fired: number[] = [];
    scheduler.group().after(60_000, () => fired.push(clock.monoNow()));
    clock.advance(999);
    assert.deepEqual(fired, []);
    clock.advance(1);
    assert.deepEqual(fired, [1000]);
  });

  test('every() repeats on the scaled interval until cancelled', () => {
    const clock = new ManualClock();
    const scheduler = new SimScheduler(clock, 10, () => {});
    const fired: number[] = [];
    const timer = scheduler.group().every(30_000, () => fired.push(clock.monoNow()));
    clock.advance(9000);
    timer.cancel();
    clock.advance(9000);
    assert.deepEqual(fired, [3000, 6000, 9000]);
  });

  test('every() keeps to its schedule when its timers fire late, so late timers cost no heartbeats', () => {
    const base = new ManualClock();
    // A clock whose timers fire 1 ms late, as a busy event loop's do.
    const late = {
      wallNow: () => base.wallNow(),
      monoNow: () => base.monoNow(),
      setTimer: (ms: number, fn: () => void) => base.setTimer(ms + 1, fn),
    };
    const scheduler = new SimScheduler(late, 10_000, () => {});
    const fired: number[] = [];
    scheduler.group().every(30_000, () => fired.push(base.monoNow()));
    base.advance(3_000);
    // 1,000 beats of 3 ms are due in 3 s; each timer's 1 ms lateness is absorbed by the next one.
    assert.ok(fired.length >= 999, `fired ${fired.length}`);
    assert.deepEqual(fired.slice(0, 3), [4, 7, 10]);
  });

  test('cancelAll leaves no timer pending on the clock', () => {
    const clock = new ManualClock();
    const scheduler = new SimScheduler(clock, 1, () => {});
    scheduler.group().every(1000, () => {});
    scheduler.group().after(5000, () => {});
    scheduler.cancelAll();
    assert.equal(clock.pendingCount(), 0);
  });

  test('a timer that throws is reported and the others keep running', () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const scheduler = new SimScheduler(clock, 1, (error) => errors.push(error));
    let ran = false;
    const group = scheduler.group();
    group.after(10, () => {
      throw new Error('boom');
    });
    group.after(20, () => {
      ran = true;
    });
    clock.advance(20);
    assert.equal(errors.length, 1);
    assert.ok(ran);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { ScenarioTime } from '../../src/clock/scenario-time.js';

test('a span of scenario time lasts the time scale times less in real time', () => {
  const clock = new ManualClock();
  const time = new ScenarioTime(clock, 60);
  let fired = 0;
  time.after(15 * 60_000, () => {
    fired += 1;
  });
  clock.advance(15_000 - 1);
  assert.equal(fired, 0);
  clock.advance(1);
  assert.equal(fired, 1);
  assert.equal(time.toRealMs(30_000), 500);
});

test('a real floor holds however fast the scenario runs', () => {
  const clock = new ManualClock();
  const time = new ScenarioTime(clock, 10_000);
  let fired = 0;
  time.after(
    30_000,
    () => {
      fired += 1;
    },
    1_000,
  );
  clock.advance(999);
  assert.equal(fired, 0, 'not at the scaled 3 ms');
  clock.advance(1);
  assert.equal(fired, 1);
  assert.equal(time.toRealMs(30_000, 1_000), 1_000);
  assert.equal(new ScenarioTime(clock, 1).toRealMs(30_000, 1_000), 30_000, 'a longer scaled span is not cut');
});

test('a timer cancelled before it is due never runs', () => {
  const clock = new ManualClock();
  const time = new ScenarioTime(clock, 2);
  let fired = false;
  time
    .after(100, () => {
      fired = true;
    })
    .cancel();
  clock.advance(1_000);
  assert.equal(fired, false);
  assert.equal(clock.pendingCount(), 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { REAL_FLOOR_MS, ScenarioTime } from '../../src/clock/scenario-time.js';

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
    'health',
  );
  clock.advance(REAL_FLOOR_MS.health - 1);
  assert.equal(fired, 0, 'not at the scaled 3 ms');
  clock.advance(1);
  assert.equal(fired, 1);
  assert.equal(time.toRealMs(30_000, 'health'), REAL_FLOOR_MS.health);
  assert.equal(new ScenarioTime(clock, 1).toRealMs(30_000, 'health'), 30_000, 'a longer scaled span is not cut');
});

test('the watchdog, the backoff and the handshake never fall below what a real network needs', () => {
  const time = new ScenarioTime(new ManualClock(), 30_000);
  for (const kind of ['watchdog', 'backoff', 'handshake'] as const) {
    assert.ok(REAL_FLOOR_MS[kind] > 0, kind);
    assert.equal(time.toRealMs(75_000, kind), REAL_FLOOR_MS[kind], kind);
  }
  assert.equal(time.toRealMs(75_000), 2.5, 'a scenario wait has no floor: a keepalive follows the scenario');
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

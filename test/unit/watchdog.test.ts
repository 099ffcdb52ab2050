import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWatchdog } from '../../src/channel/watchdog.js';
import { ManualClock } from '../../src/clock/manual-clock.js';

describe('heartbeat watchdog', () => {
  test('expires after the timeout of silence and reports how long it was silent', () => {
    const clock = new ManualClock();
    const expired: number[] = [];
    createWatchdog({ clock, timeoutMs: 75_000, onExpire: (silent) => expired.push(silent) });
    clock.advance(74_999);
    assert.deepEqual(expired, []);
    clock.advance(1);
    assert.deepEqual(expired, [75_000]);
  });

  test('each frame restarts the silence, so a steady heartbeat never trips it', () => {
    const clock = new ManualClock();
    const watchdog = createWatchdog({ clock, timeoutMs: 75_000, onExpire: () => assert.fail('expired') });
    for (let beat = 0; beat < 100; beat += 1) {
      clock.advance(30_000);
      watchdog.feed();
    }
    watchdog.stop();
    assert.equal(clock.pendingCount(), 0);
  });

  test('the silence is counted from the last frame, not from the last check', () => {
    const clock = new ManualClock();
    const expired: number[] = [];
    const watchdog = createWatchdog({ clock, timeoutMs: 75_000, onExpire: () => expired.push(clock.monoNow()) });
    clock.advance(60_000);
    watchdog.feed();
    clock.advance(74_000);
    assert.deepEqual(expired, []);
    clock.advance(1_000);
    assert.deepEqual(expired, [135_000]);
  });

  test('fires once, and never after stop', () => {
    const clock = new ManualClock();
    let fired = 0;
    const watchdog = createWatchdog({
      clock,
      timeoutMs: 10,
      onExpire: () => {
        fired += 1;
      },
    });
    clock.advance(1_000);
    assert.equal(fired, 1);
    const stopped = createWatchdog({
      clock,
      timeoutMs: 10,
      onExpire: () => {
        fired += 1;
      },
    });
    stopped.stop();
    clock.advance(1_000);
    assert.equal(fired, 1);
    watchdog.stop();
  });
});

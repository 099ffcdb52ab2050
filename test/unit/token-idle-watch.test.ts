import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { ScenarioTime } from '../../src/clock/scenario-time.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { watchTokenIdle } from '../../src/probe/token-idle-watch.js';

function setUp() {
  const clock = new ManualClock(Date.UTC(2026, 10, 27, 10, 0, 0));
  const bus = new EventBus(clock);
  const warnings: ProbeEvent[] = [];
  bus.subscribe((event) => {
    if (event.event === 'token-expiring') warnings.push(event);
  });
  return { clock, bus, warnings };
}

test('warns a minute before a quiet token idles out, once per quiet stretch', () => {
  const { clock, bus, warnings } = setUp();
  const watch = watchTokenIdle({ bus, time: new ScenarioTime(clock, 1), idleTimeoutMs: 15 * 60_000 });
  clock.advance(14 * 60_000 - 1);
  assert.equal(warnings.length, 0);
  clock.advance(1);
  assert.equal(warnings.length, 1);
  assert.deepEqual(warnings[0], { ...warnings[0], expiresAt: '2026-11-27T10:15:00.000Z', inMs: 60_000 });
  clock.advance(60 * 60_000);
  assert.equal(warnings.length, 1);
  watch.stop();
});

test('every API call the log shows restarts the count; socket traffic does not', () => {
  const { clock, bus, warnings } = setUp();
  const watch = watchTokenIdle({ bus, time: new ScenarioTime(clock, 1), idleTimeoutMs: 15 * 60_000 });
  clock.advance(10 * 60_000);
  bus.publish({ event: 'channel-check', channel: 'c', conn: 1, exists: true });
  clock.advance(10 * 60_000);
  bus.publish({ event: 'heartbeat', channel: 'c', conn: 1 });
  assert.equal(warnings.length, 0);
  clock.advance(4 * 60_000);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.event === 'token-expiring' && warnings[0]!.expiresAt, '2026-11-27T10:25:00.000Z');
  watch.stop();
  assert.equal(clock.pendingCount(), 0);
});

test('under a time scale the warning keeps to scenario time', () => {
  const { clock, bus, warnings } = setUp();
  const watch = watchTokenIdle({ bus, time: new ScenarioTime(clock, 60), idleTimeoutMs: 15 * 60_000 });
  clock.advance(14_000);
  assert.equal(warnings.length, 1);
  watch.stop();
});

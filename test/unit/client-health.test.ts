import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { ScenarioTime } from '../../src/clock/scenario-time.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { type LoopDelaySampler, nodeLoopDelaySampler, watchClientHealth } from '../../src/probe/client-health.js';

/**
 * A stand-in for Node's event-loop histogram, which measures the real loop and so cannot be driven by a
 * manual clock; the real one (nodeLoopDelaySampler) runs in every probe run of the integration tests.
 */
function scriptedSampler(
  readings: Array<{ p50: number; p99: number; max: number }>,
): LoopDelaySampler & { resets: number; stopped: boolean } {
  let next = 0;
  const sampler = {
    resets: 0,
    stopped: false,
    read: () => readings[Math.min(next++, readings.length - 1)]!,
    reset: () => {
      sampler.resets += 1;
    },
    stop: () => {
      sampler.stopped = true;
    },
  };
  return sampler;
}

function watch(readings: Array<{ p50: number; p99: number; max: number }>) {
  const clock = new ManualClock();
  const bus = new EventBus(clock);
  const events: ProbeEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const sampler = scriptedSampler(readings);
  const health = watchClientHealth({ bus, time: new ScenarioTime(clock, 1), windowMs: 60_000, sampler });
  return { clock, events, sampler, health };
}

test('logs the loop delay of each window and starts the next window afresh', () => {
  const { clock, events, sampler, health } = watch([
    { p50: 1, p99: 4, max: 9 },
    { p50: 2, p99: 30, max: 250 },
  ]);
  clock.advance(120_000);
  const windows = events.filter((e) => e.event === 'health');
  assert.deepEqual(
    windows.map((e) => e.event === 'health' && [e.windowMs, e.loopDelayP50Ms, e.loopDelayP99Ms, e.loopDelayMaxMs]),
    [
      [60_000, 1, 4, 9],
      [60_000, 2, 30, 250],
    ],
  );
  assert.equal(sampler.resets, 2);
  health.stop();
  assert.equal(sampler.stopped, true);
  assert.equal(clock.pendingCount(), 0);
});

test('a wall clock that jumps while monotonic time runs on is logged as a clock jump, with its size', () => {
  const { clock, events, health } = watch([{ p50: 1, p99: 1, max: 1 }]);
  clock.advance(30_000);
  clock.jumpWall(9 * 60_000);
  clock.advance(30_000);
  const jumps = events.filter((e) => e.event === 'clock-jump');
  assert.equal(jumps.length, 1);
  assert.ok(jumps[0]!.event === 'clock-jump');
  assert.deepEqual([jumps[0]!.jumpMs, jumps[0]!.monoDeltaMs, jumps[0]!.wallDeltaMs], [540_000, 60_000, 600_000]);
  health.stop();
});

test('ordinary drift under a second is not a jump', () => {
  const { clock, events, health } = watch([{ p50: 1, p99: 1, max: 1 }]);
  clock.advance(30_000);
  clock.jumpWall(900);
  clock.advance(30_000);
  assert.equal(events.filter((e) => e.event === 'clock-jump').length, 0);
  health.stop();
});

test("Node's loop-delay sampler reads an idle loop as on time, not as its own sampling interval", async () => {
  const sampler = nodeLoopDelaySampler();
  try {
    // A quarter second of an idle loop: some twenty samples, each about as late as the scheduler makes it.
    await pause(250);
    const { p50 } = sampler.read();
    assert.ok(p50 >= 0 && p50 < 5, `an idle loop read ${p50} ms late at its median`);
  } finally {
    sampler.stop();
  }
});

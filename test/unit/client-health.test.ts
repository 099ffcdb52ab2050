import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { ScenarioTime } from '../../src/clock/scenario-time.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { type LoopDelaySampler, loopDelaySamplerOf, watchClientHealth } from '../../src/probe/client-health.js';

/**
 * A stand-in for Node's event-loop histogram, which measures the real loop and so cannot be driven by a
 * manual clock; the real one (loopDelaySamplerOf) runs in every probe run of the integration tests.
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

test("Node's loop-delay histogram read as lateness: its sampling interval taken off, never below 0", () => {
  // Node's histogram (nanoseconds) records the whole span between two samples, the interval included.
  const ms = 1e6;
  const histogram = {
    count: 25,
    max: 31.5 * ms,
    percentile: (p: number) => (p === 50 ? 10.2 * ms : 13.0 * ms),
    reset() {
      this.count = 0;
    },
    disable: () => true,
  };
  const sampler = loopDelaySamplerOf(histogram, 10);
  assert.deepEqual(sampler.read(), { p50: 0.2, p99: 3, max: 21.5 });
  histogram.percentile = () => 9.7 * ms;
  assert.equal(sampler.read().p50, 0, 'a sample a little early is on time, not negative');
  sampler.reset();
  assert.deepEqual(sampler.read(), { p50: 0, p99: 0, max: 0 }, 'no sample since the reset: on time');
});

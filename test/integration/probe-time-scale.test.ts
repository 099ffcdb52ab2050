import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClosureCause } from '../../src/analysis/closure-cause.js';
import { REAL_FLOOR_MS } from '../../src/clock/scenario-time.js';
import type { ProbeEvent } from '../../src/events/types.js';
import type { LoopDelaySampler } from '../../src/probe/client-health.js';
import { MAX_TIME_SCALE } from '../../src/protocol/timing.js';
import { BUILT_IN_SCENARIOS } from '../../src/sim/built-in-scenarios.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

const MIN = 60_000;

/** A client that never stalls: the sweep checks what the scale does, not what this machine's load does. */
const STEADY_CLIENT: LoopDelaySampler = { read: () => ({ p50: 0, p99: 0, max: 0 }), reset: () => {}, stop: () => {} };

/** What each built-in scenario's closures must be explained as, with a silent lane beside an app-ping lane. */
const EXPECTED: Record<string, readonly ClosureCause[]> = {
  'idle-timeout': ['client-silence'],
  'lifetime-cap': ['lifetime-cap'],
  maintenance: ['maintenance'],
  'network-drop': ['intermediary'],
  'idle-token': ['token'],
  steady: [],
  'proxy-idle': ['intermediary'],
  'lb-idle': [],
  'firewall-black-hole': ['half-open'],
};

function only<N extends ProbeEvent['event']>(events: ProbeEvent[], name: N): Array<Extract<ProbeEvent, { event: N }>> {
  return events.filter((e): e is Extract<ProbeEvent, { event: N }> => e.event === name);
}

describe('time scale: within what the machine can time', () => {
  test('at 30,000x the watchdog and the backoff keep their real floors, so the network has time to answer', async () => {
    const { events, summary } = await probeAgainstSim(
      {
        scenario: fastScenario({ heartbeatIntervalMs: 30_000, closeRules: [{ kind: 'half-open', afterMs: MIN }] }),
        timeScale: 30_000,
      },
      { maxClosures: 2, backoff: { initialMs: 1_000, maxMs: 60_000 } },
      { loopDelay: STEADY_CLIENT },
    );
    const watchdogs = only(events, 'watchdog');
    assert.equal(watchdogs.length, 2);
    for (const watchdog of watchdogs) assert.equal(watchdog.limitMs, REAL_FLOOR_MS.watchdog, 'not the scaled 2.5 ms');
    for (const reconnect of only(events, 'reconnect')) assert.ok(reconnect.delayMs >= REAL_FLOOR_MS.backoff);
    assert.deepEqual(
      summary.closures.map((row) => row.cause),
      ['half-open', 'half-open'],
    );
  });

  test('at the maximum scale, 20 channels side by side all open, and every lane is accounted for', async () => {
    const { outcome, summary } = await probeAgainstSim(
      { scenario: 'steady', timeScale: MAX_TIME_SCALE },
      { channelsPerKeepalive: 20, maxClosures: null, durationMs: 10 * MIN },
      { loopDelay: STEADY_CLIENT },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.equal(summary.lanes.length, 20);
    assert.deepEqual(
      summary.lanes.filter((lane) => !lane.connected || lane.failedAttempts > 0).map((lane) => lane.lane),
      [],
    );
    assert.equal(summary.connections, 20);
  });

  const scales = [1, 60, 300, MAX_TIME_SCALE];
  for (const scenario of BUILT_IN_SCENARIOS) {
    test(`${scenario.name}: the causes are the same at every allowed scale (${scales.join('x, ')}x)`, async () => {
      const expected = EXPECTED[scenario.name];
      assert.ok(expected, `an expectation for ${scenario.name}`);
      for (const timeScale of scales) {
        const { summary } = await probeAgainstSim(
          { scenario, timeScale },
          {
            keepalives: [{ kind: 'none' }, { kind: 'ping', intervalMs: 5 * MIN }],
            maxClosures: null,
            durationMs: 20 * MIN,
            backoff: { initialMs: 1_000, maxMs: 60_000 },
          },
          { loopDelay: STEADY_CLIENT },
        );
        const causes = summary.closures.map((row) => `${row.cause}: ${row.evidence}`);
        if (expected.length === 0) assert.deepEqual(causes, [], `${timeScale}x`);
        else assert.ok(causes.length > 0, `${timeScale}x: no closure`);
        for (const row of summary.closures)
          assert.ok(expected.includes(row.cause), `${timeScale}x: ${row.cause} (${row.evidence})`);
      }
    });
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeEvent } from '../../src/events/types.js';
import type { CloseRule } from '../../src/sim/scenario.js';
import { closuresByKeepalive } from '../support/keepalive-lanes.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

/** How many closures by the service or the network each keepalive strategy saw. */
function closureCounts(events: ProbeEvent[]): Record<string, number> {
  return Object.fromEntries([...closuresByKeepalive(events)].map(([label, closes]) => [label, closes.length]));
}

const strategies = [
  { kind: 'none' as const },
  { kind: 'tcp' as const, intervalMs: 1_000 },
  { kind: 'ws-ping' as const, intervalMs: 100 },
  { kind: 'ping' as const, intervalMs: 100 },
];

function silenceRule(countControlFrames: boolean): CloseRule {
  return { kind: 'client-silence', afterMs: 450, code: 1001, reason: 'idle timeout', countControlFrames };
}

describe('the keepalive experiment: channels side by side that differ only in keepalive', () => {
  test('against a service timer counting client messages, only app pings survive', async () => {
    const { events } = await probeAgainstSim(
      { scenario: fastScenario({ closeRules: [silenceRule(false)] }) },
      { keepalives: strategies, maxClosures: null, durationMs: 1_300, reconnect: 'off' },
    );
    assert.deepEqual(closureCounts(events), { none: 1, 'tcp:1s': 1, 'ws-ping:100ms': 1, 'ping:100ms': 0 });
  });

  test('against a timer that also counts control frames, RFC 6455 pings survive too', async () => {
    const { events } = await probeAgainstSim(
      { scenario: fastScenario({ closeRules: [silenceRule(true)] }) },
      { keepalives: strategies, maxClosures: null, durationMs: 1_300, reconnect: 'off' },
    );
    assert.deepEqual(closureCounts(events), { none: 1, 'tcp:1s': 1, 'ws-ping:100ms': 0, 'ping:100ms': 0 });
  });

  test('RFC 6455 pings are logged as sent and their pongs timed', async () => {
    const { events } = await probeAgainstSim(
      { scenario: fastScenario({}) },
      { keepalives: [{ kind: 'ws-ping', intervalMs: 100 }], maxClosures: null, durationMs: 450 },
    );
    const pings = events.filter((e) => e.event === 'ping' && e.kind === 'ws');
    const pongs = events.filter((e) => e.event === 'pong' && e.kind === 'ws');
    assert.ok(pings.length >= 3, `ws pings: ${pings.length}`);
    assert.equal(pongs.length, pings.length);
    assert.ok(pongs.every((e) => e.event === 'pong' && e.rttMs !== null && e.rttMs >= 0));
  });

  test('a lifetime cap closes every strategy alike', async () => {
    const { events } = await probeAgainstSim(
      {
        scenario: fastScenario({ closeRules: [{ kind: 'max-age', afterMs: 400, code: 1001, reason: 'idle timeout' }] }),
      },
      { keepalives: strategies, maxClosures: null, durationMs: 700, reconnect: 'off' },
    );
    assert.deepEqual(closureCounts(events), { none: 1, 'tcp:1s': 1, 'ws-ping:100ms': 1, 'ping:100ms': 1 });
  });

  test('every connection records its strategy when it connects and opens', async () => {
    const { events } = await probeAgainstSim(
      { scenario: fastScenario({}) },
      { keepalives: strategies, maxClosures: null, durationMs: 200 },
    );
    const labels = events
      .filter((e) => e.event === 'connecting')
      .map((e) => e.event === 'connecting' && e.keepalive)
      .sort();
    assert.deepEqual(labels, ['none', 'ping:100ms', 'tcp:1s', 'ws-ping:100ms']);
    assert.equal(
      new Set(events.filter((e) => e.event === 'channel').map((e) => e.event === 'channel' && e.channel)).size,
      4,
      'one channel per strategy',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeEvent } from '../../src/events/types.js';
import type { Intermediary } from '../../src/sim/intermediary.js';
import { closuresByKeepalive } from '../support/keepalive-lanes.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

/** How each keepalive lane's first connection ended: 'open' when it lasted the run. */
function endingsByKeepalive(events: ProbeEvent[]): Record<string, string> {
  return Object.fromEntries(
    [...closuresByKeepalive(events)].map(([label, closes]) => {
      const first = closes[0];
      return [label, first ? `${first.code}${first.clean ? '' : ' unclean'}` : 'open'];
    }),
  );
}

const lanes = [
  { kind: 'none' as const },
  { kind: 'tcp' as const, intervalMs: 1_000 },
  { kind: 'ws-ping' as const, intervalMs: 300 },
  { kind: 'ping' as const, intervalMs: 300 },
];

describe('the keepalive experiment through an intermediary (a user-space relay, like a proxy or load balancer)', () => {
  test('a relay cutting at 1.5 s of silence, shorter than the 3 s heartbeat: WebSocket-level keepalives survive, none and TCP keepalive are cut', async () => {
    // TCP keepalive probes (every 1 s here) are answered by the kernel below user space: a relay that
    // forwards bytes never sees them, as a proxy or load balancer terminating TCP would not.
    const relay: Intermediary = { name: 'proxy', idle: 'either-direction', afterMs: 1_500, cut: 'reset' };
    const { events, records } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 3_000, intermediary: relay }) },
      { keepalives: lanes, maxClosures: null, durationMs: 2_600, reconnect: 'off' },
    );
    assert.deepEqual(endingsByKeepalive(events), {
      none: '1006 unclean',
      'tcp:1s': '1006 unclean',
      'ws-ping:300ms': 'open',
      'ping:300ms': 'open',
    });
    assert.equal(
      records.filter((r) => r.kind === 'drop' && r.detail?.startsWith('intermediary:proxy reset')).length,
      2,
    );
  });

  test('against the same relay counting only client-to-server bytes, heartbeats do not help the unprotected lanes', async () => {
    const relay: Intermediary = { idle: 'client-to-server', afterMs: 1_500, cut: 'reset' };
    const { events } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 200, intermediary: relay }) },
      { keepalives: lanes, maxClosures: null, durationMs: 2_600, reconnect: 'off' },
    );
    assert.deepEqual(endingsByKeepalive(events), {
      none: '1006 unclean',
      'tcp:1s': '1006 unclean',
      'ws-ping:300ms': 'open',
      'ping:300ms': 'open',
    });
  });
});

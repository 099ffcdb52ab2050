import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KeepaliveStrategy } from '../../src/channel/keepalive.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

const STRATEGIES: KeepaliveStrategy[] = [
  { kind: 'none' },
  { kind: 'tcp', intervalMs: 1_000 },
  { kind: 'ws-ping', intervalMs: 80 },
  { kind: 'ping', intervalMs: 80 },
];

/** Runs the four strategies side by side, each stopping at its first closure, and returns the verdict. */
async function verdictFor(scenario: Scenario) {
  const { summary } = await probeAgainstSim(
    { scenario },
    { keepalives: STRATEGIES, maxClosures: null, durationMs: 1_200, reconnect: 'off' },
  );
  const verdict = summary.patterns.keepalive;
  assert.ok(verdict, 'a verdict for a run with several strategies');
  return verdict;
}

describe('the keepalive verdict names the hypothesis each simulated cause stands for', () => {
  test('a client-silence timer: only app pings survive', async () => {
    const verdict = await verdictFor(
      fastScenario({
        closeRules: [
          { kind: 'client-silence', afterMs: 400, code: 1001, reason: 'idle timeout', countControlFrames: false },
        ],
      }),
    );
    assert.deepEqual(verdict.survivors, ['ping:80ms']);
    assert.match(verdict.pointsTo, /service-side policy counts client messages/);
  });

  test('a connection lifetime cap: nothing survives', async () => {
    const verdict = await verdictFor(
      fastScenario({ closeRules: [{ kind: 'max-age', afterMs: 400, code: 1001, reason: 'idle timeout' }] }),
    );
    assert.deepEqual(verdict.survivors, []);
    assert.match(verdict.pointsTo, /lifetime cap or the token/);
  });

  test('a proxy counting idle time in either direction: WebSocket-level keepalives survive, TCP keepalive does not', async () => {
    const verdict = await verdictFor(
      fastScenario({
        heartbeatIntervalMs: 2_000,
        intermediary: { name: 'proxy', idle: 'either-direction', afterMs: 400, cut: 'reset' },
      }),
    );
    assert.deepEqual(verdict.survivors, ['ws-ping:80ms', 'ping:80ms']);
    assert.match(verdict.pointsTo, /proxy or gateway that terminates TCP/);
  });

  test('the token expiring: nothing survives, and each closure is put down to the token', async () => {
    const { summary } = await probeAgainstSim(
      { scenario: fastScenario({ closeRules: [{ kind: 'token-expiry' }] }), auth: 'client', tokenLifetimeMs: 2_000 },
      { keepalives: STRATEGIES, maxClosures: null, durationMs: 2_600, reconnect: 'off' },
    );
    assert.deepEqual(summary.patterns.keepalive?.survivors, []);
    assert.equal(summary.closures.length, 4);
    for (const row of summary.closures) assert.equal(row.cause, 'token', row.evidence);
  });
});

test("the org's idle token timeout: nothing survives, and the closures are put down to the token idling out", async () => {
  const { summary } = await probeAgainstSim(
    {
      scenario: fastScenario({
        closeRules: [{ kind: 'token-idle', afterMs: 600, code: 1001, reason: 'idle timeout' }],
      }),
    },
    { keepalives: STRATEGIES, maxClosures: null, durationMs: 2_000, reconnect: 'off' },
  );
  assert.deepEqual(summary.patterns.keepalive?.survivors, []);
  assert.equal(summary.closures.length, 4);
  for (const row of summary.closures) {
    assert.equal(row.cause, 'token', row.evidence);
    assert.match(row.evidence, /idle token timeout/);
  }
});

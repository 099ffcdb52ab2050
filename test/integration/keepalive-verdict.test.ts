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

/** Runs the strategies side by side, each stopping at its first closure, and returns the verdict. */
async function verdictFor(scenario: Scenario, durationMs = 1_200, keepalives = STRATEGIES) {
  const { summary } = await probeAgainstSim(
    { scenario },
    { keepalives, maxClosures: null, durationMs, reconnect: 'off' },
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
    // The proxy's 1.5 s outlasts the TCP lane's 1 s interval, so that lane's keepalive went out and was not enough.
    const verdict = await verdictFor(
      fastScenario({
        heartbeatIntervalMs: 3_000,
        intermediary: { name: 'proxy', idle: 'either-direction', afterMs: 1_500, cut: 'reset' },
      }),
      2_600,
    );
    assert.deepEqual(verdict.survivors, ['ws-ping:80ms', 'ping:80ms']);
    assert.match(verdict.pointsTo, /proxy or gateway that terminates TCP/);
    assert.equal(verdict.conclusive, true, verdict.why);
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

describe('through a box whose timer is shorter than the keepalive intervals', () => {
  // A relay counting client-to-server bytes, cutting at 1.5 s: heartbeats do not keep it open.
  const box = fastScenario({
    heartbeatIntervalMs: 200,
    intermediary: { name: 'proxy', idle: 'client-to-server', afterMs: 1_500, cut: 'reset' },
  });

  test('lanes longer than the timer: not conclusive, with the command to run next', async () => {
    const long: KeepaliveStrategy[] = [
      { kind: 'none' },
      { kind: 'tcp', intervalMs: 3_000 },
      { kind: 'ws-ping', intervalMs: 3_000 },
      { kind: 'ping', intervalMs: 3_000 },
    ];
    const verdict = await verdictFor(box, 2_600, long);
    assert.deepEqual(verdict.survivors, []);
    assert.equal(verdict.conclusive, false);
    assert.match(
      verdict.why,
      /^every lane was cut after about 1\.5 s, before its first keepalive at 3 s: run again with intervals under 1\.5 s: idleprobe run --keepalive none,tcp:1s,ws-ping:500ms,ping:500ms \.\.\.$/,
    );
    assert.doesNotMatch(verdict.pointsTo, /lifetime cap/);
  });

  test('lanes shorter than the timer: conclusive, naming the layer that cuts', async () => {
    const short: KeepaliveStrategy[] = [
      { kind: 'none' },
      { kind: 'tcp', intervalMs: 1_000 },
      { kind: 'ws-ping', intervalMs: 300 },
      { kind: 'ping', intervalMs: 300 },
    ];
    const verdict = await verdictFor(box, 2_600, short);
    assert.deepEqual(verdict.survivors, ['ws-ping:300ms', 'ping:300ms']);
    assert.equal(verdict.conclusive, true, verdict.why);
    assert.match(verdict.pointsTo, /proxy or gateway that terminates TCP/);
  });
});

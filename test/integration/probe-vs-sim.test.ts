import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SimRecord } from '../../src/sim/simulator.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

function last(records: SimRecord[], kind: SimRecord['kind'], before: number): SimRecord | undefined {
  return records.filter((r) => r.kind === kind && r.at <= before).at(-1);
}

/**
 * The probe and the simulator share a manual clock that only moves when nothing is in flight between them
 * (test/support/probe-harness.ts), so what the probe measured must be exactly what the simulator did.
 */
function exactly(actual: number | null, expected: number, what: string): void {
  assert.equal(actual, expected, `${what}: probe saw ${actual} ms, simulator scheduled ${expected} ms`);
}

describe('the probe against the simulator, over real sockets', () => {
  test('a client-silence timer closes 1001 "idle timeout" and the gaps match what the simulator did', async () => {
    const { summary, records } = await probeAgainstSim(
      {
        scenario: fastScenario({
          closeRules: [
            { kind: 'client-silence', afterMs: 700, code: 1001, reason: 'idle timeout', countControlFrames: false },
          ],
        }),
      },
      { maxClosures: 1 },
    );
    assert.equal(summary.closures.length, 1);
    const row = summary.closures[0]!;
    assert.equal(row.code, 1001);
    assert.equal(row.reason, 'idle timeout');
    assert.equal(row.clean, true);
    assert.equal(row.by, 'server');
    assert.equal(row.sinceOutboundMs, null, 'the probe must send nothing unless asked');
    const open = records.find((r) => r.kind === 'open')!;
    const close = records.find((r) => r.kind === 'close')!;
    exactly(row.lifetimeMs, close.at - open.at, 'age at close');
    exactly(row.lifetimeMs, 700, 'age at close against the scenario');
    const beat = last(records, 'heartbeat', close.at)!;
    exactly(row.sinceHeartbeatMs, close.at - beat.at, 'time since the last heartbeat');
    assert.equal(row.heartbeats, records.filter((r) => r.kind === 'heartbeat').length);
  });

  test('app pings keep a client-silence timer from firing, and each pong is timed', async () => {
    const { summary, events } = await probeAgainstSim(
      {
        scenario: fastScenario({
          closeRules: [
            { kind: 'client-silence', afterMs: 400, code: 1001, reason: 'idle timeout', countControlFrames: false },
          ],
        }),
      },
      { maxClosures: null, durationMs: 1_000, keepalives: [{ kind: 'ping', intervalMs: 150 }] },
    );
    assert.equal(summary.closures.length, 0);
    assert.equal(summary.endReason, 'duration');
    const pongs = events.filter((e) => e.event === 'pong');
    assert.ok(pongs.length >= 4, `expected pongs, saw ${pongs.length}`);
    for (const pong of pongs) assert.ok(pong.event === 'pong' && pong.rttMs !== null && pong.rttMs >= 0);
    assert.equal(summary.endedByProbe.length, 1);
  });

  test('a lifetime cap closes at the same age on every connection, and the probe reconnects to the same channel', async () => {
    const { summary, events } = await probeAgainstSim(
      {
        scenario: fastScenario({ closeRules: [{ kind: 'max-age', afterMs: 300, code: 1001, reason: 'idle timeout' }] }),
      },
      { maxClosures: 3, keepalives: [{ kind: 'ping', intervalMs: 50 }] },
    );
    assert.equal(summary.closures.length, 3);
    for (const row of summary.closures) exactly(row.lifetimeMs, 300, `age of connection ${row.connection}`);
    assert.deepEqual(
      summary.closures.map((r) => r.connection),
      [1, 2, 3],
    );
    assert.equal(new Set(summary.closures.map((r) => r.channel)).size, 1);
    const reconnects = events.filter((e) => e.event === 'reconnect');
    assert.equal(reconnects.length, 2);
    assert.ok(reconnects.every((e) => e.event === 'reconnect' && e.target === 'same'));
  });

  test('maintenance: the socket_closing warning comes first and its lead time is measured', async () => {
    const { summary } = await probeAgainstSim(
      {
        scenario: fastScenario({
          closeRules: [
            { kind: 'maintenance', afterMs: 600, warningLeadMs: 250, code: 1001, reason: 'service maintenance' },
          ],
        }),
      },
      { maxClosures: 1 },
    );
    const row = summary.closures[0]!;
    assert.equal(row.code, 1001);
    exactly(row.warningLeadMs, 250, 'warning lead');
    exactly(row.lifetimeMs, 600, 'age at close');
  });

  test('a dropped TCP connection reads as 1006 without a close frame', async () => {
    const { summary } = await probeAgainstSim(
      { scenario: fastScenario({ closeRules: [{ kind: 'drop', afterMs: 350 }] }) },
      { maxClosures: 1 },
    );
    const row = summary.closures[0]!;
    assert.equal(row.code, 1006);
    assert.equal(row.clean, false);
    assert.equal(row.by, 'network');
    exactly(row.lifetimeMs, 350, 'age at the drop');
  });

  test('a reset by an intermediary reads as 1006 with the socket error that caused it', async () => {
    const { summary } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 1_000,
          intermediary: { name: 'proxy', idle: 'either-direction', afterMs: 300, cut: 'reset' },
        }),
      },
      { maxClosures: 1 },
    );
    const row = summary.closures[0]!;
    assert.equal(row.code, 1006);
    assert.equal(row.by, 'network');
    assert.equal(row.error, 'ECONNRESET');
    exactly(row.lifetimeMs, 300, 'age at the reset');
  });

  test('the watchdog ends a connection whose heartbeats stopped, and says so', async () => {
    const { summary, events } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 60_000 }) },
      { maxClosures: 1, watchdogMs: 300 },
    );
    const row = summary.closures[0]!;
    assert.equal(row.by, 'watchdog');
    assert.equal(row.code, 1006);
    exactly(row.lifetimeMs, 300, 'silence before the watchdog');
    const watchdog = events.find((e) => e.event === 'watchdog');
    assert.ok(watchdog && watchdog.event === 'watchdog' && watchdog.limitMs === 300);
  });

  test('under a time scale every duration reads in scenario time', async () => {
    const { summary } = await probeAgainstSim({ scenario: 'idle-timeout', timeScale: 1_200 }, { maxClosures: 1 });
    const row = summary.closures[0]!;
    assert.equal(summary.timeScale, 1_200);
    assert.equal(row.code, 1001);
    // The scenario's 15 minutes and 30 s heartbeats, read back in scenario time from a log in real time.
    exactly(row.lifetimeMs, 900_000, 'age at close');
    assert.equal(row.heartbeats, 29, 'one every 30 s; the close at 15 minutes comes before the 30th');
    exactly(row.maxHeartbeatGapMs, 30_000, 'largest heartbeat gap');
  });

  test('the steady scenario never closes; the run ends on its duration with the connection closed by the probe', async () => {
    const { summary, outcome } = await probeAgainstSim(
      { scenario: fastScenario({}) },
      { maxClosures: null, durationMs: 500 },
    );
    assert.equal(outcome.endReason, 'duration');
    assert.equal(summary.closures.length, 0);
    assert.equal(summary.endedByProbe.length, 1);
    assert.equal(summary.endedByProbe[0]!.code, 1000);
  });
});

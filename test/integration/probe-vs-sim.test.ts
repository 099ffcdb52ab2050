import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SimRecord } from '../../src/sim/simulator.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

/** Loopback delivery plus a busy shared machine: what the probe saw may trail the simulator by this much. */
const TOLERANCE_MS = 60;

function last(records: SimRecord[], kind: SimRecord['kind'], before: number): SimRecord | undefined {
  return records.filter((r) => r.kind === kind && r.at <= before).at(-1);
}

function near(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what} is missing`);
  assert.ok(
    Math.abs(actual - expected) <= TOLERANCE_MS,
    `${what}: probe saw ${actual} ms, simulator scheduled ${expected} ms`,
  );
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
    near(row.lifetimeMs, close.at - open.at, 'age at close');
    near(row.lifetimeMs, 700, 'age at close against the scenario');
    const beat = last(records, 'heartbeat', close.at)!;
    near(row.sinceHeartbeatMs, close.at - beat.at, 'time since the last heartbeat');
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
    for (const row of summary.closures) near(row.lifetimeMs, 300, `age of connection ${row.connection}`);
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
    near(row.warningLeadMs, 250, 'warning lead');
    near(row.lifetimeMs, 600, 'age at close');
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
    near(row.lifetimeMs, 350, 'age at the drop');
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
    near(row.lifetimeMs, 300, 'age at the reset');
  });

  test('the watchdog ends a connection whose heartbeats stopped, and says so', async () => {
    const { summary, events } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 60_000 }) },
      { maxClosures: 1, watchdogMs: 300 },
    );
    const row = summary.closures[0]!;
    assert.equal(row.by, 'watchdog');
    assert.equal(row.code, 1006);
    near(row.lifetimeMs, 300, 'silence before the watchdog');
    const watchdog = events.find((e) => e.event === 'watchdog');
    assert.ok(watchdog && watchdog.event === 'watchdog' && watchdog.limitMs === 300);
  });

  test('under a time scale every duration reads in scenario time', async () => {
    // A roomy watchdog: at this scale a 60 ms stall of a shared machine would otherwise look like a dead path.
    const { summary } = await probeAgainstSim(
      { scenario: 'idle-timeout', timeScale: 1_200 },
      { maxClosures: 1, watchdogMs: 600_000 },
    );
    const row = summary.closures[0]!;
    assert.equal(summary.timeScale, 1_200);
    assert.equal(row.code, 1001);
    // 15 scenario minutes; the tolerance scales with the time scale.
    assert.ok(Math.abs(row.lifetimeMs - 900_000) <= TOLERANCE_MS * 1_200, `age ${row.lifetimeMs}`);
    assert.ok(row.heartbeats >= 28 && row.heartbeats <= 30, `heartbeats ${row.heartbeats}`);
    assert.ok(row.maxHeartbeatGapMs !== null && Math.abs(row.maxHeartbeatGapMs - 30_000) <= TOLERANCE_MS * 1_200);
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

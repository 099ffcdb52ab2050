import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type WebSocket from 'ws';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import { evaluateFailOn, FAIL_ON_EXIT_CODES, parseFailOn } from '../../src/ci/fail-on.js';
import type { ProbeEvent } from '../../src/events/types.js';
import type { SimRecord } from '../../src/sim/journal.js';
import { type ScriptedServer, startScriptedServer } from '../support/http-server.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

const MIN = 60_000;
const closesAt = (afterMs: number) =>
  fastScenario({
    heartbeatIntervalMs: 30_000,
    closeRules: [{ kind: 'max-age', afterMs, code: 1001, reason: 'idle timeout' }],
  });
const SLOW_BACKOFF = { initialMs: 1_000, maxMs: 60_000 };

function only<N extends ProbeEvent['event']>(events: ProbeEvent[], name: N): Array<Extract<ProbeEvent, { event: N }>> {
  return events.filter((e): e is Extract<ProbeEvent, { event: N }> => e.event === name);
}

/** Sends the upgrades of every channel after the first one the lanes create to `refuser` instead. */
function refuseAllButFirstChannel(refuser: string): (url: string) => WebSocket {
  let first: string | null = null;
  return (url) => {
    first ??= url;
    return defaultWebSocketFactory(url === first ? url : `${refuser}${new URL(url).pathname}`);
  };
}

describe('blind time: the probe counts every failed attempt and the time it had no connection', () => {
  let refusing: ScriptedServer;
  before(async () => {
    refusing = await startScriptedServer(() => ({ status: 503, body: 'upstream unavailable' }));
  });
  after(() => refusing.close());

  test('a service that goes away after the first connection leaves a lane blind, and the summary says so', async () => {
    const { outcome, events, summary } = await probeAgainstSim(
      {
        scenario: closesAt(MIN),
        prepare: async (server) => {
          // The service (or the VPN to it) goes away with the first closure.
          server.journal.on('record', (record: SimRecord) => {
            if (record.kind === 'close') setImmediate(() => void server.close());
          });
        },
      },
      { maxClosures: null, durationMs: 10 * MIN, backoff: SLOW_BACKOFF },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.equal(summary.connections, 1);
    const failed = only(events, 'error').filter((e) => e.lane === 1);
    assert.ok(failed.length >= 3, `failed attempts: ${failed.length}`);
    assert.equal(summary.failedAttempts, failed.length);
    const [lane] = summary.lanes;
    assert.equal(
      lane?.failures.find((f) => f.cause === 'ECONNREFUSED')?.count,
      failed.filter((e) => e.cause === 'ECONNREFUSED').length,
    );
    assert.ok((lane?.failures[0]?.count ?? 0) >= failed.length - 1, 'nearly all of one cause: the service is gone');
    // Blind from the lane's start to its open, and from the closure to the end of the run.
    const laneStart = only(events, 'lane-start')[0]!.mono;
    const open = only(events, 'open')[0]!.mono;
    const close = only(events, 'close')[0]!.mono;
    const end = only(events, 'run-end')[0]!.mono;
    assert.equal(summary.blindMs, Math.round((open - laneStart + end - close) * 10) / 10);
    assert.ok(summary.blindMs > 8 * MIN);
    assert.equal(evaluateFailOn(summary, parseFailOn(['blind>5m'])).exitCode, FAIL_ON_EXIT_CODES.blind);
    assert.equal(evaluateFailOn(summary, parseFailOn(['blind>10m'])).exitCode, 0);
  });

  test('with --channels 2, a lane whose upgrade keeps failing with 503 is retried, counted and named, not dropped', async () => {
    const { outcome, events, summary } = await probeAgainstSim(
      { scenario: closesAt(60 * MIN) },
      { channelsPerKeepalive: 2, maxClosures: null, durationMs: 5 * MIN, backoff: SLOW_BACKOFF },
      { connect: refuseAllButFirstChannel(refusing.base.replace('http:', 'ws:')) },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.deepEqual(
      only(events, 'lane-start').map((e) => [e.lane, e.keepalive]),
      [
        [1, 'none'],
        [2, 'none'],
      ],
    );
    const blind = summary.lanes.filter((lane) => !lane.connected);
    assert.equal(blind.length, 1, 'one lane never connected');
    assert.equal(blind[0]!.failures.length, 1);
    assert.equal(blind[0]!.failures[0]!.cause, 'HTTP 503');
    assert.ok(blind[0]!.failedAttempts >= 3, `attempts: ${blind[0]!.failedAttempts}`);
    assert.equal(only(events, 'channel').length, 2, 'a passing 503 is retried on the same channel');
    assert.ok(blind[0]!.blindMs > 4 * MIN);
    const noConnection = evaluateFailOn(summary, parseFailOn(['no-connection']));
    assert.equal(noConnection.exitCode, FAIL_ON_EXIT_CODES.noConnection);
    assert.match(noConnection.reasons[0] ?? '', new RegExp(`1 lane never connected \\(lane ${blind[0]!.lane}\\)`));
  });

  test('a lane that cannot go on ends the run with its own name, and the summary says it stopped the run', async () => {
    const forbidding = await startScriptedServer(() => ({ status: 403 }));
    try {
      const { outcome, events, summary } = await probeAgainstSim(
        { scenario: closesAt(60 * MIN) },
        { channelsPerKeepalive: 2, maxClosures: null, durationMs: 5 * MIN, backoff: SLOW_BACKOFF },
        {
          connect: (url) =>
            defaultWebSocketFactory(`${forbidding.base.replace('http:', 'ws:')}${new URL(url).pathname}`),
        },
      );
      assert.equal(outcome.endReason, 'error');
      assert.match(
        outcome.error?.message ?? '',
        /^lane [12] of 2 \(keepalive none\): WebSocket upgrade answered HTTP 403/,
      );
      const ended = only(events, 'lane-end');
      assert.equal(ended.length, 1);
      assert.equal(ended[0]!.reason, 'failed');
      const stopped = summary.lanes.find((lane) => lane.stopped !== null);
      assert.equal(stopped?.lane, ended[0]!.lane);
      assert.equal(
        only(events, 'error').filter((e) => e.lane === undefined).length,
        0,
        'the failure is logged once, as the lane attempt it was',
      );
    } finally {
      await forbidding.close();
    }
  });
});

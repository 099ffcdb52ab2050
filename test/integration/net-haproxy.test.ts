import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heartbeatsOn, keepaliveLanes } from '../support/box-lanes.js';
import { type HaproxyOptions, haproxySkipReason, startHaproxy } from '../support/haproxy.js';
import { fastScenario } from '../support/probe-harness.js';
import { type BoxInFront, probeThroughBox } from '../support/probe-through-box.js';

/**
 * A real HAProxy before the simulator, in both of its modes, on the real clock (its timers run in real
 * time). Its timers here are 1.5 s, so each run takes a few seconds.
 */
const skip = haproxySkipReason();
const TIMER_MS = 1_500;

const haproxy = (options: Omit<HaproxyOptions, 'port' | 'upstreamPort'>): BoxInFront => ({
  start: (port, upstreamPort) => startHaproxy({ ...options, port, upstreamPort }),
  url: (port) => `http://127.0.0.1:${port}`,
});

describe('through a real HAProxy in HTTP mode: the upgraded socket is a tunnel timed by `timeout tunnel`', {
  skip,
}, () => {
  test('a tunnel timeout under the heartbeat, lanes keeping alive well within it: the verdict names a proxy that terminates TCP', async (t) => {
    const { summary } = await probeThroughBox(
      haproxy({ mode: 'http', timeouts: { clientMs: 30_000, serverMs: 30_000, tunnelMs: TIMER_MS } }),
      fastScenario({ heartbeatIntervalMs: 6_000 }),
      { keepalives: keepaliveLanes(400), maxClosures: null, durationMs: 4_000, reconnect: 'off', watchdogMs: 60_000 },
    );
    for (const row of summary.closures)
      t.diagnostic(`${row.keepalive}: cut at ${Math.round(row.lifetimeMs)} ms (timer ${TIMER_MS} ms)`);
    const verdict = summary.patterns.keepalive;
    assert.ok(verdict);
    assert.deepEqual(verdict.survivors, ['ws-ping:400ms', 'ping:400ms'], JSON.stringify(verdict));
    assert.match(verdict.pointsTo, /proxy or gateway that terminates TCP/);
    assert.equal(verdict.conclusive, true, verdict.why);
    for (const row of summary.closures) {
      assert.equal(row.code, 1006);
      assert.equal(row.cause, 'intermediary', row.evidence);
    }
  });
});

describe('through a real HAProxy in TCP mode with `option independent-streams`', { skip }, () => {
  /** Heartbeats five times within the client timer: the service side is never quiet. */
  const scenario = fastScenario({ heartbeatIntervalMs: 300 });
  const config = {
    keepalives: keepaliveLanes(300),
    maxClosures: null,
    durationMs: 4_000,
    reconnect: 'off' as const,
    watchdogMs: 60_000,
  };
  const tcpMode = (independentStreams: boolean) =>
    haproxy({ mode: 'tcp', independentStreams, timeouts: { clientMs: TIMER_MS, serverMs: 30_000 } });

  test('`timeout client` cuts a silent client while heartbeats flow to it; WebSocket and app pings keep their lanes alive', async (t) => {
    const { summary, events } = await probeThroughBox(tcpMode(true), scenario, config);
    for (const row of summary.closures)
      t.diagnostic(`${row.keepalive}: cut at ${Math.round(row.lifetimeMs)} ms (timeout client ${TIMER_MS} ms)`);
    assert.deepEqual(
      summary.closures.map((row) => row.keepalive).sort(),
      ['none', 'tcp:1s'],
      'TCP keepalive carries no byte HAProxy reads',
    );
    for (const row of summary.closures) {
      assert.equal(row.code, 1006);
      assert.equal(row.by, 'network');
      assert.ok(heartbeatsOn(events, row.connection) >= 2, `heartbeats flowed on ${row.keepalive} until the cut`);
      assert.equal(row.cause, 'intermediary', row.evidence);
    }
    const verdict = summary.patterns.keepalive;
    assert.deepEqual(verdict?.survivors, ['ws-ping:300ms', 'ping:300ms']);
    assert.match(verdict?.pointsTo ?? '', /proxy or gateway that terminates TCP/);
    assert.equal(verdict?.conclusive, true, verdict?.why);
  });

  test('look-alike: without independent-streams the heartbeats sent to the client re-arm its timer, and nothing is cut', async () => {
    const { summary } = await probeThroughBox(tcpMode(false), scenario, config);
    assert.deepEqual(summary.closures, []);
    assert.equal(summary.endReason, 'duration');
  });
});

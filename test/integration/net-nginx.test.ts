import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { createNetworkStack } from '../../src/net/network-stack.js';
import { keepaliveLanes } from '../support/box-lanes.js';
import { nginxSkipReason, startNginx } from '../support/nginx.js';
import { fastScenario } from '../support/probe-harness.js';
import { type BoxInFront, probeThroughBox } from '../support/probe-through-box.js';
import { makeTestPki } from '../support/tls-front.js';

/**
 * A real nginx before the simulator, as sites put one before a WebSocket service: every run here goes
 * through it, REST and sockets alike, on the real clock (nginx's timers run in real time), with a
 * scenario whose heartbeat is slower than nginx's idle timer so each test takes a few seconds.
 */
const skip = nginxSkipReason();
/** proxy_read_timeout for these tests (nginx's default is 60 s). */
const READ_TIMEOUT_MS = 1_500;

const nginxWithTimer = (readTimeoutMs: number): BoxInFront => ({
  start: (port, upstreamPort) => startNginx({ port, upstreamPort, readTimeoutMs }),
  url: (port) => `http://127.0.0.1:${port}`,
});

describe('through a real nginx reverse proxy', { skip }, () => {
  test('a proxy_read_timeout under the heartbeat, lanes keeping alive well within it: the verdict names a proxy that terminates TCP', async (t) => {
    const { summary } = await probeThroughBox(
      nginxWithTimer(READ_TIMEOUT_MS),
      fastScenario({ heartbeatIntervalMs: 6_000 }),
      { keepalives: keepaliveLanes(400), maxClosures: null, durationMs: 4_000, reconnect: 'off', watchdogMs: 60_000 },
    );
    for (const row of summary.closures)
      t.diagnostic(`${row.keepalive}: cut at ${Math.round(row.lifetimeMs)} ms (timer ${READ_TIMEOUT_MS} ms)`);
    const verdict = summary.patterns.keepalive;
    assert.ok(verdict, 'a verdict for four lanes');
    assert.deepEqual(verdict.survivors, ['ws-ping:400ms', 'ping:400ms'], JSON.stringify(verdict));
    assert.match(verdict.pointsTo, /proxy or gateway that terminates TCP/);
    assert.equal(verdict.conclusive, true, verdict.why);
    assert.deepEqual(summary.closures.map((row) => row.keepalive).sort(), ['none', 'tcp:1s']);
    for (const row of summary.closures) {
      assert.equal(row.code, 1006, 'nginx closes both TCP connections without a close frame');
      assert.equal(row.by, 'network');
      assert.equal(row.cause, 'intermediary', row.evidence);
    }
  });

  test('the same box with every keepalive longer than its timer: every lane is cut before its first keepalive, so the verdict is inconclusive and says what to run next', async () => {
    const { summary } = await probeThroughBox(
      nginxWithTimer(READ_TIMEOUT_MS),
      fastScenario({ heartbeatIntervalMs: 8_000 }),
      {
        keepalives: keepaliveLanes(4_000),
        maxClosures: null,
        durationMs: 10_000,
        reconnect: 'off',
        watchdogMs: 60_000,
      },
    );
    assert.equal(summary.closures.length, 4, 'every lane was cut');
    for (const row of summary.closures) assert.ok(row.lifetimeMs < 4_000, `${row.keepalive} cut before 4 s`);
    const verdict = summary.patterns.keepalive;
    assert.ok(verdict);
    assert.equal(verdict.conclusive, false);
    assert.match(verdict.why, /\b4(\.0)?\s?s\b/, 'names the keepalive interval the cuts came before');
    assert.match(verdict.why, /idleprobe run --keepalive /, 'gives the command to run next');
    assert.doesNotMatch(verdict.pointsTo, /lifetime cap or the token/);
  });
});

describe('through a real nginx TLS front with a private CA, the service closing idle clients itself', { skip }, () => {
  /** The service's own client-silence timer, under nginx's default 60 s idle timer: nginx only relays. */
  const scenario = fastScenario({
    heartbeatIntervalMs: 300,
    closeRules: [
      { kind: 'client-silence', afterMs: 1_500, code: 1001, reason: 'idle timeout', countControlFrames: false },
    ],
  });
  const lanes = {
    keepalives: [{ kind: 'none' as const }, { kind: 'ping' as const, intervalMs: 300 }],
    maxClosures: null,
    durationMs: 3_500,
    reconnect: 'off' as const,
    watchdogMs: 60_000,
  };

  test("the relayed 1001 idle timeout is the service's client-silence timer, not the front; the evidence notes the private chain", async () => {
    const pki = await makeTestPki();
    const stack = await createNetworkStack({
      proxy: { explicit: null, env: {} },
      caFile: pki.caFile,
      clock: systemClock,
    });
    try {
      const { summary, events } = await probeThroughBox(
        {
          start: (port, upstreamPort) =>
            startNginx({ port, upstreamPort, tls: { certChain: pki.certChain, key: pki.key } }),
          url: (port) => `https://localhost:${port}`,
        },
        scenario,
        lanes,
        { dispatcher: stack.dispatcher, connect: stack.connect, describePath: stack.describePath },
      );
      const path = events.find((event) => event.event === 'path');
      assert.ok(path?.event === 'path' && path.tls?.publicCa === false, 'the chain ends at the private CA');
      assert.equal(summary.closures.length, 1, JSON.stringify(summary.closures));
      const row = summary.closures[0]!;
      assert.equal(row.keepalive, 'none');
      assert.equal(row.code, 1001);
      assert.equal(row.reason, 'idle timeout');
      assert.equal(row.cause, 'client-silence', row.evidence);
      assert.match(row.evidence, /TLS|private|intercept/i);
    } finally {
      await stack.close();
      await rm(pki.dir, { recursive: true, force: true });
    }
  });

  test('look-alike: the same closes over plain HTTP through nginx are client-silence', async () => {
    const { summary } = await probeThroughBox(nginxWithTimer(60_000), scenario, lanes);
    assert.equal(summary.closures.length, 1, JSON.stringify(summary.closures));
    assert.equal(summary.closures[0]?.cause, 'client-silence', summary.closures[0]?.evidence);
  });
});

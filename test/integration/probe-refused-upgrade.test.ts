import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type WebSocket from 'ws';
import type { RunSummary } from '../../src/analysis/summary.js';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import { startRunSession } from '../../src/cli/run-session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { createNetworkStack, type NetworkStack } from '../../src/net/network-stack.js';
import type { ProbeOutcome } from '../../src/probe/run-probe.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { within } from '../support/deadline.js';
import { type ScriptedServer, startScriptedServer } from '../support/http-server.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';
import { type RunningSquid, squidSkipReason, startSquid } from '../support/squid.js';

const MIN = 60_000;
const STEADY = fastScenario({ heartbeatIntervalMs: 30_000 });

function only<N extends ProbeEvent['event']>(events: ProbeEvent[], name: N): Array<Extract<ProbeEvent, { event: N }>> {
  return events.filter((e): e is Extract<ProbeEvent, { event: N }> => e.event === name);
}

/** The upgrade goes to `server` instead (same path), from the call `from` on: an Upgrade-stripping box there. */
function upgradeVia(server: string, from = 1): (url: string) => WebSocket {
  let calls = 0;
  return (url) => {
    calls += 1;
    return defaultWebSocketFactory(calls >= from ? `${server}${new URL(url).pathname}` : url);
  };
}

describe('a refused upgrade is diagnosed before the channel is called gone', () => {
  // What the service says to a plain GET of a channel URL, as it does when something stripped `Upgrade`.
  let stripped: ScriptedServer;
  let strippedWs: string;
  before(async () => {
    stripped = await startScriptedServer(() => ({
      status: 404,
      headers: { via: '1.1 gateway.corp' },
      body: 'Not Found',
    }));
    strippedWs = stripped.base.replace('http:', 'ws:');
  });
  after(() => stripped.close());

  test('a channel that exists behind a 404 points at the path, never at a channel gone', async () => {
    const { outcome, events } = await probeAgainstSim(
      { scenario: STEADY },
      { maxClosures: null, durationMs: 5 * MIN },
      { connect: upgradeVia(strippedWs) },
    );
    assert.equal(outcome.endReason, 'error');
    const message = outcome.error?.message ?? '';
    assert.match(
      message,
      /^the channel exists, but the upgrade was refused with 404: something in the path \(a proxy, gateway or TLS inspection\) strips the Upgrade header/,
    );
    assert.match(message, /the answer came through 1\.1 gateway\.corp, says its Via header/);
    assert.doesNotMatch(message, /no longer exists|expired|evicted/);
    assert.deepEqual(
      only(events, 'channel-check').map((e) => e.exists),
      [true],
      'the channel was checked before anything was said about it',
    );
    assert.equal(only(events, 'channel').length, 1, 'no new channel for one that exists');
  });

  test('with a proxy in use, the proxy is named', async () => {
    const { outcome } = await probeAgainstSim(
      { scenario: STEADY },
      { maxClosures: null, durationMs: 5 * MIN },
      { connect: upgradeVia(strippedWs), proxyFor: () => 'http://proxy.corp:3128' },
    );
    assert.match(
      outcome.error?.message ?? '',
      /something in the path \(the proxy http:\/\/proxy\.corp:3128\) strips the Upgrade header/,
    );
  });

  test('a channel the service says is gone (HEAD 404) is called gone', async () => {
    const { outcome, events } = await probeAgainstSim(
      {
        // An OAuth client's run subscribes to nothing, so the only call on the channel's path is the HEAD.
        auth: 'client',
        scenario: fastScenario({
          heartbeatIntervalMs: 30_000,
          faults: [{ kind: 'rest-error', path: '/notifications/channels/streaming', status: 404, count: null }],
        }),
      },
      { maxClosures: null, durationMs: 5 * MIN },
      { connect: upgradeVia(strippedWs) },
    );
    assert.match(outcome.error?.message ?? '', /refused with 404 and the channel no longer exists \(HEAD 404\)/);
    assert.deepEqual(
      only(events, 'channel-check').map((e) => e.exists),
      [false],
    );
  });

  test('after a first connection, a refused upgrade behind an existing channel is retried on that channel and counted', async () => {
    const { outcome, events, summary } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 30_000,
          closeRules: [{ kind: 'max-age', afterMs: MIN, code: 1001, reason: 'idle timeout' }],
        }),
      },
      { maxClosures: null, durationMs: 5 * MIN, backoff: { initialMs: 1_000, maxMs: 60_000 } },
      { connect: upgradeVia(strippedWs, 2) },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.equal(only(events, 'channel').length, 1);
    const failed = only(events, 'error').filter((e) => e.lane === 1);
    assert.ok(failed.length >= 3);
    assert.ok(
      failed.every((e) => e.cause === 'HTTP 404' && /^the channel exists, but the upgrade was refused/.test(e.message)),
    );
    assert.deepEqual(summary.lanes[0]?.failures, [{ cause: 'HTTP 404', count: failed.length }]);
    assert.ok(summary.blindMs > 3 * MIN);
  });
});

describe('an upgrade refused with 503 and Retry-After', () => {
  const refusedWith = async (headers: Record<string, string>) => {
    const busy = await startScriptedServer(() => ({ status: 503, headers, body: 'Service Unavailable' }));
    try {
      const { events } = await probeAgainstSim(
        {
          scenario: fastScenario({
            heartbeatIntervalMs: 30_000,
            closeRules: [{ kind: 'max-age', afterMs: MIN, code: 1001, reason: 'idle timeout' }],
          }),
        },
        { maxClosures: null, durationMs: 10 * MIN, backoff: { initialMs: 1_000, maxMs: 30_000 } },
        { connect: upgradeVia(busy.base.replace('http:', 'ws:'), 2) },
      );
      // The first reconnect follows the closure; the ones after it follow a refused upgrade.
      return only(events, 'reconnect')
        .slice(1)
        .map((e) => e.delayMs);
    } finally {
      await busy.close();
    }
  };

  test("waits out the service's Retry-After before the next attempt, beyond the backoff's cap", async () => {
    const delays = await refusedWith({ 'retry-after': '120' });
    assert.ok(delays.length >= 2, `reconnects after refusals: ${delays.join(', ')}`);
    assert.ok(
      delays.every((ms) => ms >= 120_000),
      `every retry waited the 120 s the service asked for: ${delays.join(', ')}`,
    );
  });

  test('without Retry-After, the backoff alone sets the wait', async () => {
    const delays = await refusedWith({});
    assert.ok(delays.length >= 2);
    assert.ok(
      delays.every((ms) => ms <= 30_000),
      `no wait beyond the backoff's 30 s cap: ${delays.join(', ')}`,
    );
  });
});

describe('through a real Squid that reads the upgrade request (a gateway, or TLS inspection)', {
  skip: squidSkipReason(),
}, () => {
  let sim: RunningSimulator;
  let squid: RunningSquid;
  let stack: NetworkStack;
  before(async () => {
    sim = await startSimulator({ scenario: STEADY });
    squid = await startSquid({ reverseProxyFor: sim.port });
    stack = await createNetworkStack({ proxy: { explicit: squid.url, env: {} }, caFile: null, clock: systemClock });
  });
  after(async () => {
    await stack?.close();
    await Promise.all([squid?.stop(), sim?.close()]);
  });

  test('Squid strips Upgrade, the service answers 404, and the probe names the proxy instead of a channel gone', async () => {
    // Every call goes through the proxy with CONNECT, as a corporate proxy sees it; the WebSocket's tunnel
    // leads to Squid's own gateway port, which reads the upgrade request and passes it on without `Upgrade`.
    const events: ProbeEvent[] = [];
    const session = startRunSession({
      config: {
        apiBase: sim.apiBase,
        loginBase: sim.loginBase,
        auth: { kind: 'token', token: sim.credentials.userToken },
        topics: [],
        keepalives: [{ kind: 'none' }],
        channelsPerKeepalive: 1,
        reconnect: 'same',
        allowEviction: false,
        watchdogMs: 75_000,
        durationMs: null,
        maxClosures: 1,
        timeScale: 1,
        backoff: { initialMs: 20, maxMs: 100 },
      },
      clock: systemClock,
      runStart: { version: 'test', options: {}, target: 'simulator behind Squid' },
      log: { write: (event) => events.push(event), failure: null, close: () => {} },
      onListenerError: (error) => {
        throw error;
      },
      probe: {
        dispatcher: stack.dispatcher,
        describePath: stack.describePath,
        proxyFor: stack.proxyFor,
        connect: (url) => {
          const gateway = new URL(url);
          gateway.port = String(squid.reversePort);
          return stack.connect(gateway.toString());
        },
        onSecret: () => {},
      },
    });
    const { outcome }: { outcome: ProbeOutcome; summary: RunSummary } = await within(session.done, 'the run to end');
    assert.equal(outcome.endReason, 'error');
    const message = outcome.error?.message ?? '';
    assert.match(
      message,
      new RegExp(
        `^the channel exists, but the upgrade was refused with 404: something in the path \\(the proxy ${squid.url.replace(/\./g, '\\.')}\\) strips the Upgrade header`,
      ),
    );
    assert.match(message, /squid\/\d/, "Squid's Via header names it");
    assert.doesNotMatch(message, /no longer exists/);
    assert.deepEqual(
      only(events, 'channel-check').map((e) => e.exists),
      [true],
    );
    // Squid passed the request on as a plain GET: the service saw no upgrade, and said 404.
    await squid.waitForLogLines(/TCP_MISS\/404 .* GET http:\/\/127\.0\.0\.1:\d+\/channels\//, 1);
  });
});

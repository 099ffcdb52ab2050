import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { createNetworkStack, type NetworkStack } from '../../src/net/network-stack.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';
import { type RunningSquid, squidSkipReason, startSquid } from '../support/squid.js';

const skip = squidSkipReason();
/** Squid's read_timeout for these tests, in seconds (its default is 900: the 15 minutes users see). */
const READ_TIMEOUT_S = 2;
/**
 * Squid keeps time in whole seconds (it stores a timeout as "now in seconds + read_timeout" and checks
 * once a second), so a tunnel ends up to a second before or after read_timeout; measured with Squid 5.7:
 * 1.98 s to 3.00 s for 2 s, 5.93 s to 5.99 s for 5 s. The extra half second is loopback on a busy machine.
 */
const EARLY_BY_AT_MOST_MS = 1_000;
const LATE_BY_AT_MOST_MS = 1_500;

describe('Squid cuts an idle CONNECT tunnel after read_timeout', { skip }, () => {
  let squid: RunningSquid;
  let stack: NetworkStack;

  before(async () => {
    squid = await startSquid({ readTimeoutSeconds: READ_TIMEOUT_S });
    stack = await createNetworkStack({ proxy: { explicit: squid.url, env: {} }, caFile: null, clock: systemClock });
  });
  after(async () => {
    await stack?.close();
    await squid?.stop();
  });

  const throughSquid = () => ({
    dispatcher: stack.dispatcher,
    connect: stack.connect,
    describePath: stack.describePath,
  });

  test('with heartbeats further apart than read_timeout, the probe sees a 1006 at the timeout, no close frame', async () => {
    const { summary, events } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 20_000 }), clock: 'real' },
      { maxClosures: 1, reconnect: 'off', watchdogMs: 60_000 },
      throughSquid(),
    );
    assert.equal(summary.closures.length, 1, JSON.stringify(summary.closures));
    const row = summary.closures[0]!;
    assert.equal(row.code, 1006);
    assert.equal(row.clean, false);
    assert.equal(row.by, 'network');
    assert.equal(row.heartbeats, 0);
    assert.ok(
      row.lifetimeMs >= READ_TIMEOUT_S * 1000 - EARLY_BY_AT_MOST_MS,
      `closed after ${row.lifetimeMs} ms, before read_timeout`,
    );
    assert.ok(
      row.lifetimeMs <= READ_TIMEOUT_S * 1000 + LATE_BY_AT_MOST_MS,
      `closed after ${row.lifetimeMs} ms, long after read_timeout`,
    );
    const path = events.find((event) => event.event === 'path');
    assert.ok(
      path && path.event === 'path' && path.proxy?.url === squid.url && path.proxy.connectStatus === 200,
      'the path event names Squid',
    );
    await squid.waitForLogLines(/TCP_TUNNEL\/200 .* CONNECT 127\.0\.0\.1:/, 1);
  });

  test('heartbeats closer together than read_timeout keep the tunnel open: server-to-client traffic resets it', async () => {
    const { summary } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 500 }), clock: 'real' },
      { maxClosures: 1, reconnect: 'off', durationMs: READ_TIMEOUT_S * 2_000 + 500, watchdogMs: 60_000 },
      throughSquid(),
    );
    assert.equal(summary.closures.length, 0, JSON.stringify(summary.closures));
    assert.equal(summary.endReason, 'duration');
  });

  test('app pings closer together than read_timeout keep a silent tunnel open: client-to-server traffic resets it too', async () => {
    const { summary, events } = await probeAgainstSim(
      { scenario: fastScenario({ heartbeatIntervalMs: 20_000 }), clock: 'real' },
      {
        maxClosures: 1,
        reconnect: 'off',
        durationMs: READ_TIMEOUT_S * 2_000 + 500,
        watchdogMs: 60_000,
        keepalives: [{ kind: 'ping', intervalMs: 500 }],
      },
      throughSquid(),
    );
    assert.equal(summary.closures.length, 0, JSON.stringify(summary.closures));
    assert.ok(
      events.filter((event) => event.event === 'pong').length >= 4,
      'the pings were answered through the tunnel',
    );
  });
});

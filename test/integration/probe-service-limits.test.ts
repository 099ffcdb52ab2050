import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type WebSocket from 'ws';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { MAX_RETRY_AFTER_MS } from '../../src/probe/backoff.js';
import { TOKEN_LIFETIME_MAX_MS } from '../../src/protocol/limits.js';
import { type Script, type ScriptedServer, startScriptedServer } from '../support/http-server.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

const MIN = 60_000;
const steady = fastScenario({ heartbeatIntervalMs: 30_000 });

function only<N extends ProbeEvent['event']>(events: ProbeEvent[], name: N): Array<Extract<ProbeEvent, { event: N }>> {
  return events.filter((e): e is Extract<ProbeEvent, { event: N }> => e.event === name);
}

/**
 * A REST service that knows the user and counts no channels, and answers the rest as `rest` says: it
 * stands in for the service where the simulator cannot misbehave the way a test needs.
 */
function service(rest: Script): Script {
  return (request) => {
    if (request.path === '/api/v2/users/me') return { status: 200, body: { id: 'user-1', name: 'Agent' } };
    if (request.method === 'GET' && request.path === '/api/v2/notifications/channels')
      return { status: 200, body: { entities: [] } };
    if (request.path.startsWith('/api/v2/tokens/')) return { status: 404, body: { message: 'not here' } };
    return rest(request);
  };
}

describe('figures from the service past what idleprobe obeys', () => {
  let scripted: ScriptedServer;
  before(async () => {
    scripted = await startScriptedServer(() => ({ status: 500 }));
  });
  after(() => scripted.close());

  test('Retry-After: 99999999999 waits ten minutes between attempts, and says so, rather than looping or sleeping for ages', async () => {
    scripted.setScript(
      service(() => ({ status: 503, headers: { 'retry-after': '99999999999' }, body: { message: 'busy' } })),
    );
    const { outcome, events } = await probeAgainstSim(
      { scenario: steady },
      { apiBase: scripted.base, topics: ['v2.users.{me}.presence'], maxClosures: null },
    );
    // Passing trouble before the first connection is retried a few times, then the run ends with it.
    assert.equal(outcome.endReason, 'error');
    assert.match(outcome.error?.message ?? '', /503/);
    const clamps = only(events, 'clamp');
    assert.ok(clamps.length >= 1, 'the cut is logged');
    assert.deepEqual(clamps[0], { ...clamps[0], what: 'retry-after', usedMs: MAX_RETRY_AFTER_MS, lane: 1 });
    assert.equal(clamps[0]!.givenMs, 99_999_999_999_000);
    const reconnects = only(events, 'reconnect');
    assert.ok(reconnects.length >= 1);
    for (const r of reconnects) assert.equal(r.delayMs, MAX_RETRY_AFTER_MS, 'the log says the wait it keeps');
    // The attempts are ten minutes apart: not a tight loop, and not 3,000 years.
    const attempts = only(events, 'error')
      .filter((e) => e.lane === 1)
      .map((e) => e.mono);
    assert.ok(attempts.length >= 2);
    for (let i = 1; i < attempts.length; i++) {
      const gap = attempts[i]! - attempts[i - 1]!;
      assert.ok(gap >= MAX_RETRY_AFTER_MS && gap < MAX_RETRY_AFTER_MS + MIN, `attempts ${gap} ms apart`);
    }
  });

  test('an absurd expires_in is renewed on as 48 h, and said so, rather than as a stream of token requests', async () => {
    let grants = 0;
    const { outcome, events } = await probeAgainstSim(
      {
        scenario: steady,
        prepare: async (sim) => {
          // The login service grants the simulator's agent token, so the API calls that follow are answered.
          scripted.setScript((request) => {
            if (request.path !== '/oauth/token') return { status: 404 };
            grants += 1;
            return {
              status: 200,
              body: { access_token: sim.credentials.userToken, token_type: 'bearer', expires_in: 99_999_999_999 },
            };
          });
        },
      },
      {
        loginBase: scripted.base,
        auth: { kind: 'client-credentials', clientId: 'client', clientSecret: 'secret-of-the-test' },
        durationMs: 30 * MIN,
        maxClosures: null,
      },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.equal(grants, 1, 'one grant in 30 minutes: renewed at 90% of 48 h');
    const [clamp] = only(events, 'clamp');
    assert.deepEqual(clamp, {
      ...clamp,
      what: 'expires-in',
      givenMs: 99_999_999_999_000,
      usedMs: TOKEN_LIFETIME_MAX_MS,
    });
    const [token] = only(events, 'token');
    assert.ok(token?.expiresAt !== null && Date.parse(token!.expiresAt) > 0, 'a readable expiry');
  });

  test('--http-timeout is the deadline of a REST call that is accepted and never answered, and the advice names it', async () => {
    scripted.setScript((request) =>
      request.path === '/api/v2/users/me' ? 'hang' : service(() => ({ status: 500 }))(request),
    );
    const { outcome, events } = await probeAgainstSim(
      { scenario: steady },
      { apiBase: scripted.base, topics: ['v2.users.{me}.presence'], httpTimeoutMs: 5_000 },
    );
    assert.equal(outcome.endReason, 'error');
    assert.match(outcome.error?.message ?? '', /GET \/api\/v2\/users\/me .* no complete reply within 5 s/);
    assert.match(outcome.error?.message ?? '', /give it longer with --http-timeout/);
    // Each attempt waited the 5 s asked for, then the next came after its backoff.
    const failed = only(events, 'error').map((e) => e.mono);
    assert.equal(failed.length, 3, 'two retried attempts, then the last one, which ended the run');
    const start = only(events, 'run-start')[0]!.mono;
    assert.ok(
      failed[0]! - start >= 5_000 && failed[0]! - start < 6_000,
      `first attempt gave up at ${failed[0]! - start} ms`,
    );
  });
});

describe('passing trouble before the first connection is retried', () => {
  let refusing: ScriptedServer;
  before(async () => {
    refusing = await startScriptedServer(() => ({ status: 503, body: 'upstream unavailable' }));
  });
  after(() => refusing.close());

  test('a 503 on the first WebSocket upgrades is retried, and the run goes on', async () => {
    let upgrades = 0;
    const connect = (url: string): WebSocket => {
      upgrades += 1;
      const refused = `${refusing.base.replace('http:', 'ws:')}${new URL(url).pathname}`;
      return defaultWebSocketFactory(upgrades <= 2 ? refused : url);
    };
    const { outcome, events } = await probeAgainstSim(
      { scenario: steady },
      { durationMs: 5 * MIN, maxClosures: null },
      { connect },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    const failed = only(events, 'error');
    assert.deepEqual(
      failed.map((e) => [e.lane, e.cause]),
      [
        [1, 'HTTP 503'],
        [1, 'HTTP 503'],
      ],
    );
    assert.equal(only(events, 'open').length, 1);
  });

  test('a 503 on the channel count is retried, and the run goes on', async () => {
    const { outcome, events } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 30_000,
          faults: [{ kind: 'rest-error', path: '/api/v2/notifications/channels', status: 503, count: 2 }],
        }),
      },
      { durationMs: 5 * MIN, maxClosures: null },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    const failed = only(events, 'error');
    assert.equal(failed.length, 2);
    for (const e of failed) assert.equal(e.cause, 'HTTP 503');
    assert.equal(only(events, 'channels').length, 1, 'counted once it answered');
    assert.equal(only(events, 'open').length, 1);
  });

  test('a channel count that keeps failing with 503 ends the run with the service to blame, not --allow-eviction', async () => {
    const { outcome } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 30_000,
          faults: [{ kind: 'rest-error', path: '/api/v2/notifications/channels', status: 503, count: null }],
        }),
      },
      { durationMs: 5 * MIN, maxClosures: null },
    );
    assert.equal(outcome.endReason, 'error');
    const error = outcome.error!;
    assert.equal(error.code, 'IDLEPROBE_ERR_HTTP');
    assert.match(error.message, /^could not count the existing channels: GET .* 503 .*not caused by your settings/);
    assert.doesNotMatch(error.message, /--allow-eviction/);
  });

  test("a 503 on /users/me is retried, and the run subscribes to the user's presence", async () => {
    const { outcome, events } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 30_000,
          faults: [{ kind: 'rest-error', path: '/api/v2/users/me', status: 503, count: 2 }],
        }),
      },
      { durationMs: 5 * MIN, maxClosures: null },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.equal(only(events, 'error').length, 2);
    assert.equal(only(events, 'user').length, 1);
    assert.equal(only(events, 'open').length, 1);
  });
});

test('a 20-channel run through closures and reconnects gives Node no reason to warn of a listener leak', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning);
  };
  process.on('warning', onWarning);
  try {
    const { outcome, summary } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 30_000,
          closeRules: [{ kind: 'max-age', afterMs: 10 * MIN, code: 1001, reason: 'idle timeout' }],
        }),
        auth: 'client',
      },
      {
        channelsPerKeepalive: 20,
        topics: ['v2.users.user-1.presence'],
        durationMs: 35 * MIN,
        maxClosures: null,
      },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.ok(summary.closures.length >= 40, `${summary.closures.length} closures`);
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
      [],
    );
  } finally {
    process.off('warning', onWarning);
  }
});

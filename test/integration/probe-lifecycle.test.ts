import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotificationsApi } from '../../src/genesys/notifications-api.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

const maxAge = (afterMs: number) =>
  fastScenario({ closeRules: [{ kind: 'max-age', afterMs, code: 1001, reason: 'idle timeout' }] });

describe("the probe over a channel's whole life", () => {
  test("it counts existing channels first and refuses to push anyone's channel out", async () => {
    const { outcome, events } = await probeAgainstSim(
      {
        scenario: fastScenario({}),
        prepare: async (server) => {
          const api = new NotificationsApi({ apiBase: server.apiBase, token: server.credentials.userToken });
          for (let i = 0; i < 19; i += 1) await api.createChannel();
        },
      },
      { channelsPerKeepalive: 2, durationMs: 300 },
    );
    assert.equal(outcome.endReason, 'error');
    assert.equal(outcome.error?.code, 'IDLEPROBE_ERR_CONFIG');
    assert.match(outcome.error!.message, /19 notification channels already exist.*--allow-eviction/);
    assert.deepEqual(
      events.find((e) => e.event === 'channels'),
      { ...events.find((e) => e.event === 'channels'), existing: 19, limit: 20, planned: 2 },
    );
    assert.equal(events.filter((e) => e.event === 'channel').length, 0, 'no channel was created');
  });

  test('with --allow-eviction it goes ahead and says so in the log', async () => {
    const { outcome, events } = await probeAgainstSim(
      {
        scenario: fastScenario({}),
        prepare: async (server) => {
          const api = new NotificationsApi({ apiBase: server.apiBase, token: server.credentials.userToken });
          for (let i = 0; i < 20; i += 1) await api.createChannel();
        },
      },
      { durationMs: 200, allowEviction: true, maxClosures: null },
    );
    assert.equal(outcome.endReason, 'duration');
    const count = events.find((e) => e.event === 'channels');
    assert.ok(count && count.event === 'channels' && count.allowEviction && count.existing === 20);
  });

  test('a passing 503 before the first connection is retried; a refusal that will not mend is not', async () => {
    const passing = await probeAgainstSim(
      { scenario: fastScenario({ faults: [{ kind: 'rest-error', path: '/subscriptions', status: 503, count: 1 }] }) },
      { durationMs: 300, maxClosures: null, backoff: { initialMs: 20, maxMs: 40 } },
    );
    assert.equal(passing.outcome.endReason, 'duration', passing.outcome.error?.message);
    assert.equal(passing.events.filter((e) => e.event === 'error').length, 1, 'the 503 is logged');
    assert.equal(
      passing.events.filter((e) => e.event === 'channel').length,
      1,
      'the subscription is retried on the same channel',
    );
    const lasting = await probeAgainstSim(
      {
        scenario: fastScenario({ faults: [{ kind: 'rest-error', path: '/subscriptions', status: 403, count: null }] }),
      },
      { durationMs: 300, maxClosures: null, backoff: { initialMs: 20, maxMs: 40 } },
    );
    assert.equal(lasting.outcome.endReason, 'error');
    assert.equal(lasting.events.filter((e) => e.event === 'channel').length, 1, 'no second try');
  });

  test('--reconnect new opens a new channel after every closure', async () => {
    const { events, summary } = await probeAgainstSim({ scenario: maxAge(200) }, { reconnect: 'new', maxClosures: 3 });
    assert.equal(summary.closures.length, 3);
    assert.equal(new Set(summary.closures.map((r) => r.channel)).size, 3);
    assert.ok(
      events.filter((e) => e.event === 'reconnect').every((e) => e.event === 'reconnect' && e.target === 'new'),
    );
  });

  test('--reconnect off ends the run at the first closure', async () => {
    const { outcome, summary } = await probeAgainstSim(
      { scenario: maxAge(200) },
      { reconnect: 'off', maxClosures: null },
    );
    assert.equal(outcome.endReason, 'closures');
    assert.equal(summary.closures.length, 1);
  });

  test('each reconnect records the window in which events could have been lost', async () => {
    const { events, records } = await probeAgainstSim(
      { scenario: maxAge(250) },
      { maxClosures: 2, backoff: { initialMs: 100, maxMs: 100 } },
    );
    const resumed = events.filter((e) => e.event === 'resumed');
    assert.equal(resumed.length, 1);
    const r = resumed[0]!;
    assert.ok(r.event === 'resumed' && r.previousConn === 1 && r.conn === 2);
    // From the last heartbeat the service sent the first connection to the first it sent the second.
    const [firstClose] = records.filter((record) => record.kind === 'close');
    const [, secondOpen] = records.filter((record) => record.kind === 'open');
    const beats = records.filter((record) => record.kind === 'heartbeat');
    const lastBefore = beats.filter((beat) => beat.at <= firstClose!.at).at(-1)!;
    const firstAfter = beats.find((beat) => beat.at >= secondOpen!.at)!;
    assert.equal(r.lossWindowMs, firstAfter.at - lastBefore.at);
    const delay = events.find((e) => e.event === 'reconnect');
    assert.ok(delay?.event === 'reconnect' && r.lossWindowMs > delay.delayMs, 'the window spans the backoff');
  });

  test('the HEAD after a closure is logged: the channel still exists after a lifetime cap', async () => {
    const { events } = await probeAgainstSim({ scenario: maxAge(200) }, { maxClosures: 2 });
    const checks = events.filter((e) => e.event === 'channel-check');
    assert.equal(checks.length, 1, 'one check between the two closures');
    assert.ok(checks[0]!.event === 'channel-check' && checks[0]!.exists && checks[0]!.conn === 1);
  });

  test('a client-credentials token is renewed before it expires, and no REST call meets an expired token', async () => {
    const { events, outcome } = await probeAgainstSim(
      // A one-minute token at 200x lives 300 ms: the run below sees it renewed several times.
      {
        scenario: fastScenario({ heartbeatIntervalMs: 20_000 }),
        auth: 'client',
        tokenLifetimeMs: 60_000,
        timeScale: 200,
      },
      { durationMs: 200_000, maxClosures: null },
    );
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    const tokens = events.filter((e) => e.event === 'token');
    assert.ok(tokens.length >= 3, `tokens: ${tokens.length}`);
    assert.ok(
      tokens.slice(1).every((e) => e.event === 'token' && e.renewed === true && e.grant === 'client_credentials'),
    );
    assert.equal(events.filter((e) => e.event === 'error').length, 0);
  });

  test('a 24-hour channel is resubscribed before it expires, and so never closes', async () => {
    // 24 h at 20,000x is 4.3 s of test time, a heartbeat every 1.5 ms.
    const common = { durationMs: 30 * 3_600_000, maxClosures: null };
    const kept = await probeAgainstSim(
      { scenario: 'steady', timeScale: 20_000 },
      { ...common, topics: ['v2.users.{me}.presence'] },
    );
    const resubscribes = kept.events.filter((e) => e.event === 'resubscribe');
    assert.ok(resubscribes.length >= 1, 'resubscribed');
    assert.equal(kept.summary.closures.length, 0, 'the resubscribed channel never expired');
  });
});

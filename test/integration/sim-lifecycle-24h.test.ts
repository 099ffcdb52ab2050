import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { probeAgainstSim } from '../support/probe-harness.js';

const HOUR = 3_600_000;
/** 24 h of scenario time at 10,000x is 8.6 s of wall time; a 30 s heartbeat comes every 3 ms. */
const TIME_SCALE = 10_000;
/**
 * 12 h of scenario time is 4.3 s of wall time: wide enough that a busy machine stalling the event loop
 * between two 3 ms heartbeats never fires it (30 min, 180 ms, did), and still short of the 30 h runs.
 */
const WATCHDOG_MS = 12 * HOUR;

describe("a channel's whole 24-hour life, replayed under time scale and read in scenario time", () => {
  test('a channel nobody resubscribes carries 2,880 heartbeats and closes as expired at an age of 24 h', async () => {
    const { summary, records, events } = await probeAgainstSim(
      // A client-credentials token with no topics subscribes to nothing, so nothing resubscribes; its
      // 48 h lifetime keeps token renewal out of the picture.
      { scenario: 'steady', timeScale: TIME_SCALE, auth: 'client', tokenLifetimeMs: 48 * HOUR },
      { topics: [], durationMs: 30 * HOUR, maxClosures: 1, reconnect: 'off', watchdogMs: WATCHDOG_MS },
    );
    assert.equal(summary.scenarioTime, true);
    assert.equal(summary.closures.length, 1);
    const [closure] = summary.closures;
    assert.equal(closure!.code, 1001);
    assert.equal(closure!.reason, 'channel expired');
    // The socket opens a few real milliseconds after the channel is created, which is tens of scenario
    // seconds at this scale (more on a loaded machine): the age is a little under 24 h.
    const age = closure!.lifetimeMs;
    assert.ok(age > 24 * HOUR - 10 * 60_000 && age < 24 * HOUR + 60_000, `age ${age / HOUR} h`);
    const sent = records.filter((r) => r.kind === 'heartbeat' && r.channel === closure!.channel).length;
    assert.ok(sent > 2_860 && sent <= 2_880, `the service sent ${sent} heartbeats`);
    // The service's count is checked against its own schedule (above), not against the probe's measured age:
    // at 10,000x a few milliseconds of a busy event loop are minutes of scenario time.
    assert.equal(closure!.heartbeats, sent, 'the probe counted every heartbeat the service sent');
    // Gaps are not checked: at 10,000x one millisecond of event-loop jitter reads as 10 s of scenario time.
    assert.deepEqual(
      records.filter((r) => r.kind === 'close').map((r) => r.detail),
      ['channel-expired'],
    );
    const check = events.find((e) => e.event === 'channel-check');
    assert.ok(
      !check || (check.event === 'channel-check' && check.exists === false),
      'HEAD after the expiry finds no channel',
    );
  });

  test('a resubscribe extends the channel: the same connection outlives 24 h and its heartbeats go on', async () => {
    const { summary, records, events } = await probeAgainstSim(
      { scenario: 'steady', timeScale: TIME_SCALE },
      { topics: ['v2.users.{me}.presence'], durationMs: 30 * HOUR, maxClosures: null, watchdogMs: WATCHDOG_MS },
    );
    assert.equal(summary.closures.length, 0, 'the channel never expired');
    const created = events.find((e) => e.event === 'channel');
    const resubscribes = events.filter((e) => e.event === 'resubscribe');
    assert.ok(resubscribes.length >= 1, 'resubscribed before the 24 h were up');
    const first = resubscribes[0]!;
    assert.ok(created?.event === 'channel' && first.event === 'resubscribe' && first.expires !== null);
    assert.ok(Date.parse(first.expires!) > Date.parse(created.expires), 'the resubscribe moved the expiry later');
    const [ended] = summary.endedByProbe;
    assert.equal(summary.endedByProbe.length, 1, 'one connection all along');
    assert.ok(ended!.lifetimeMs > 29.5 * HOUR, `connection age ${ended!.lifetimeMs / HOUR} h`);
    const sent = records.filter((r) => r.kind === 'heartbeat' && r.channel === ended!.channel).length;
    assert.ok(sent > (29.5 * HOUR) / 30_000, `the service sent ${sent} heartbeats over the 30 h`);
    // The probe ends this run itself: heartbeats the service sent while the probe's close frame was on its
    // way (3 ms apart at this scale) are never read. Every other one is counted.
    const unread = sent - ended!.heartbeats;
    assert.ok(unread >= 0 && unread <= 20, `the probe counted ${ended!.heartbeats} of the ${sent} heartbeats sent`);
    assert.equal(records.filter((r) => r.kind === 'close' && r.detail === 'channel-expired').length, 0);
  });
});

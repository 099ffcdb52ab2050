import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gradeJournal, heartbeatIntervalOf } from '../../src/grade/grade-journal.js';
import type { GradeRecord } from '../../src/grade/journal-record.js';
import type { CheckId, CheckResult, ReportCard } from '../../src/grade/report-card.js';

const S = 1_000;
const H = 3_600_000;
const A = 'streaming-0-aaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'streaming-0-bbbbbbbbbbbbbbbbbbbbbbbbbb';

/** A journal written in order, one client, with a socket counter like the simulator's. */
class Journal {
  readonly records: GradeRecord[] = [];
  private sockets = 0;
  constructor(private readonly client = 'app') {}

  add(scenarioMs: number, kind: string, channel: string, extra: Partial<GradeRecord> = {}): this {
    this.records.push({ at: scenarioMs / 600, scenarioMs, kind, channel, client: this.client, ...extra });
    return this;
  }
  token(at: number, lifetimeMs = 24 * H): this {
    return this.add(at, 'token', '', { expiresInMs: lifetimeMs, method: 'POST', path: '/oauth/token', status: 200 });
  }
  create(at: number, channel: string): this {
    return this.add(at, 'channel-created', channel, { expiresInMs: 24 * H }).add(at, 'subscriptions', channel, {
      expiresInMs: 24 * H,
    });
  }
  open(at: number, channel: string): number {
    const socket = ++this.sockets;
    this.add(at, 'open', channel, { socket });
    return socket;
  }
  heartbeats(from: number, to: number, channel: string, socket: number): this {
    for (let at = from; at <= to; at += 30 * S) this.add(at, 'heartbeat', channel, { socket });
    return this;
  }
}

function results(card: ReportCard, client = 'app'): Record<string, CheckResult> {
  const found = card.clients.find((c) => c.client === client);
  assert.ok(found, `a card for ${client}`);
  return Object.fromEntries(found.checks.map((check) => [check.id, check.result]));
}

function evidence(card: ReportCard, id: CheckId): string {
  return card.clients[0]?.checks.find((check) => check.id === id)?.evidence ?? '';
}

describe('the report card, from a journal', () => {
  test('every contract id is on the card, in order, with one sentence of evidence each', () => {
    const j = new Journal();
    j.token(0).create(0, A);
    j.open(1, A);
    const card = gradeJournal(j.records);
    assert.equal(card.schema, 1);
    assert.deepEqual(
      card.clients[0]?.checks.map((c) => c.id),
      [
        'reconnect-after-warning',
        'same-channel-after-warning',
        'half-open-detected',
        'channel-leak',
        'resubscribe-before-expiry',
        'token-renewed',
        'retry-after-honoured',
        'events-lost',
        'ping-cadence',
      ],
    );
    for (const check of card.clients[0]?.checks ?? []) assert.match(check.evidence, /^[A-Z{0-9].*\.$/);
    assert.ok(Object.values(results(card)).every((r) => r === 'not-exercised'));
  });

  test('socket_closing: a reconnect to the same channel before the close passes both checks', () => {
    const j = new Journal();
    j.create(0, A);
    const s1 = j.open(1, A);
    j.add(300 * S, 'warning', A, { socket: s1, detail: 'v2.system.socket_closing' });
    j.open(301 * S, A);
    j.add(301 * S, 'close', A, { socket: s1, by: 'server', code: 4000, reason: 'replaced' });
    const card = gradeJournal(j.records);
    assert.equal(results(card)['reconnect-after-warning'], 'pass');
    assert.equal(results(card)['same-channel-after-warning'], 'pass');
    assert.equal(results(card)['channel-leak'], 'pass');
    assert.equal(results(card)['events-lost'], 'pass');
    assert.match(evidence(card, 'reconnect-after-warning'), /1 socket_closing warning .* at most 1\.0s after/);
  });

  test('socket_closing: waiting for the close and reconnecting on a new channel fails both, and leaks', () => {
    const j = new Journal();
    j.create(0, A);
    const s1 = j.open(1, A);
    j.add(300 * S, 'warning', A, { socket: s1, detail: 'v2.system.socket_closing' });
    j.add(360 * S, 'close', A, { socket: s1, by: 'server', code: 1001, reason: 'maintenance' });
    j.create(361 * S, B);
    j.open(362 * S, B);
    const card = gradeJournal(j.records);
    assert.equal(results(card)['reconnect-after-warning'], 'fail');
    assert.match(
      evidence(card, 'reconnect-after-warning'),
      /warned at 5m 00\.0s, closed at 6m 00\.0s, the next socket opened only after it, at 6m 02\.0s/,
    );
    assert.equal(results(card)['same-channel-after-warning'], 'fail');
    assert.match(evidence(card, 'same-channel-after-warning'), /…aaaaaa .* …bbbbbb/);
    assert.equal(results(card)['channel-leak'], 'fail');
    assert.match(evidence(card, 'channel-leak'), /peak 2 of the 20 allowed/);
    // 2 s without a socket is well under three heartbeats.
    assert.equal(results(card)['events-lost'], 'pass');
  });

  test('a reconnect made on the close, even in the same millisecond, came after it', () => {
    const j = new Journal();
    j.create(0, A);
    const s1 = j.open(1, A);
    j.add(300 * S, 'warning', A, { socket: s1, detail: 'v2.system.socket_closing' });
    j.add(360 * S, 'close', A, { socket: s1, by: 'server', code: 1001, detail: 'trigger:maintenance' });
    j.open(360 * S, A);
    assert.equal(results(gradeJournal(j.records))['reconnect-after-warning'], 'fail');
    assert.equal(results(gradeJournal(j.records))['same-channel-after-warning'], 'pass');
  });

  test('half-open: noticed within three heartbeats passes, never noticed fails and counts as lost events', () => {
    const good = new Journal();
    good.create(0, A);
    const g1 = good.open(0, A);
    good.heartbeats(30 * S, 120 * S, A, g1);
    good.add(130 * S, 'drop', A, { socket: g1, detail: 'half-open' });
    good.add(200 * S, 'close', A, { socket: g1, by: 'client', code: 1006 });
    const g2 = good.open(201 * S, A);
    good.heartbeats(231 * S, 400 * S, A, g2);
    const passed = gradeJournal(good.records);
    assert.equal(results(passed)['half-open-detected'], 'pass');
    assert.match(
      evidence(passed, 'half-open-detected'),
      /within 1m 10\.0s \(bound: 3 heartbeat intervals, 1m 30\.0s\)/,
    );
    assert.equal(results(passed)['events-lost'], 'pass');
    assert.match(evidence(passed, 'events-lost'), /1 window .* 1m 11\.0s in all/);

    const naive = new Journal();
    naive.create(0, A);
    const n1 = naive.open(0, A);
    naive.heartbeats(30 * S, 120 * S, A, n1);
    naive.add(130 * S, 'drop', A, { socket: n1, detail: 'half-open' });
    naive.add(1_000 * S, 'heartbeat', B, { client: 'someone-else', socket: 99 });
    const failed = gradeJournal(naive.records);
    assert.equal(results(failed)['half-open-detected'], 'fail');
    assert.match(evidence(failed, 'half-open-detected'), /never while the journal ran/);
    assert.equal(results(failed)['events-lost'], 'fail');
    assert.equal(results(failed, 'someone-else')['half-open-detected'], 'not-exercised');
  });

  test('Retry-After: a request before it elapsed fails, one after passes', () => {
    for (const [nextAt, expected] of [
      [710.2 * S, 'pass'],
      [700.5 * S, 'fail'],
    ] as const) {
      const j = new Journal();
      j.create(0, A);
      j.open(1, A);
      j.add(700 * S, 'rest', '', {
        method: 'POST',
        path: '/api/v2/notifications/channels',
        status: 429,
        retryAfter: 10,
      });
      j.add(nextAt, 'rest', '', { method: 'POST', path: '/api/v2/notifications/channels', status: 200 });
      const card = gradeJournal(j.records);
      assert.equal(results(card)['retry-after-honoured'], expected, `next request at ${nextAt}`);
      if (expected === 'fail')
        assert.match(
          evidence(card, 'retry-after-honoured'),
          /429 at 11m 40\.0s with Retry-After 10 s, 1 request .* 500ms later/,
        );
    }
  });

  test('token: renewed before expiry passes, lapsing while active fails, a short run is not exercised', () => {
    const renewed = new Journal().token(0, H).token(0.9 * H, H);
    renewed.create(0, A).open(1, A);
    renewed.add(1.5 * H, 'heartbeat', A, { socket: 1 });
    assert.equal(results(gradeJournal(renewed.records))['token-renewed'], 'pass');

    const lapsed = new Journal().token(0, H);
    lapsed.create(0, A).open(1, A);
    lapsed.add(1.5 * H, 'heartbeat', A, { socket: 1 });
    const card = gradeJournal(lapsed.records);
    assert.equal(results(card)['token-renewed'], 'fail');
    assert.match(evidence(card, 'token-renewed'), /expired at 1h 00m 00\.0s/);

    const short = new Journal().token(0, H);
    short.create(0, A).open(1, A);
    assert.equal(results(gradeJournal(short.records))['token-renewed'], 'not-exercised');
  });

  test('24 h expiry: a resubscription before it passes, the channel in use expiring fails', () => {
    const kept = new Journal();
    kept.create(0, A);
    const k1 = kept.open(1, A);
    kept.add(23 * H, 'subscriptions', A, { expiresInMs: 24 * H });
    kept.add(25 * H, 'heartbeat', A, { socket: k1 });
    const passed = gradeJournal(kept.records);
    assert.equal(results(passed)['resubscribe-before-expiry'], 'pass');
    assert.match(evidence(passed, 'resubscribe-before-expiry'), /1 subscription call extended it/);

    const lost = new Journal();
    lost.create(0, A);
    const l1 = lost.open(1, A);
    lost.add(24 * H, 'expire', A);
    lost.add(24 * H, 'close', A, { socket: l1, by: 'server', code: 1000, reason: 'channel expired' });
    lost.create(24 * H + 5 * S, B);
    lost.open(24 * H + 6 * S, B);
    const failed = gradeJournal(lost.records);
    assert.equal(results(failed)['resubscribe-before-expiry'], 'fail');
    // A new channel after the old one expired is no leak.
    assert.equal(results(failed)['channel-leak'], 'pass');
  });

  test('a new channel within the hour before expiry is a renewal, not a leak', () => {
    const j = new Journal();
    j.create(0, A);
    j.open(1, A);
    j.create(23.5 * H, B);
    j.open(23.5 * H + S, B);
    assert.equal(results(gradeJournal(j.records))['channel-leak'], 'pass');
  });

  test('ping cadence is told as evidence and never fails', () => {
    const j = new Journal();
    j.create(0, A);
    const s1 = j.open(0, A);
    for (let at = 14 * S; at <= 140 * S; at += 14 * S) j.add(at, 'client-frame', A, { socket: s1, detail: 'ping' });
    const card = gradeJournal(j.records);
    assert.equal(results(card)['ping-cadence'], 'pass');
    assert.match(evidence(card, 'ping-cadence'), /10 \{"message":"ping"\} frames, every 14\.0s \(median/);
  });

  test('records without a client are attributed by socket and channel; service-wide ones to nobody', () => {
    const j = new Journal();
    j.create(0, A);
    const s1 = j.open(1, A);
    j.records.push({
      at: 0,
      scenarioMs: 300 * S,
      kind: 'warning',
      channel: A,
      socket: s1,
      detail: 'v2.system.socket_closing',
    });
    j.records.push({ at: 0, scenarioMs: 300 * S, kind: 'trigger', channel: '*', detail: 'maintenance' });
    j.records.push({ at: 0, scenarioMs: 360 * S, kind: 'close', channel: A, client: '', socket: s1, by: 'server' });
    const card = gradeJournal(j.records);
    assert.deepEqual(
      card.clients.map((c) => c.client),
      ['app'],
    );
    assert.equal(results(card)['reconnect-after-warning'], 'fail');
  });

  test('the heartbeat interval is read from the journal when not given', () => {
    const j = new Journal();
    const s1 = j.open(0, A);
    for (let at = 10 * S; at <= 100 * S; at += 10 * S) j.add(at, 'heartbeat', A, { socket: s1 });
    assert.equal(heartbeatIntervalOf(j.records), 10 * S);
    assert.equal(heartbeatIntervalOf([]), 30 * S);
    const blurred = new Journal();
    const b1 = blurred.open(0, A);
    for (const at of [29_900, 60_100, 89_900, 120_100]) blurred.add(at, 'heartbeat', A, { socket: b1 });
    assert.equal(heartbeatIntervalOf(blurred.records), 30 * S);
  });
});

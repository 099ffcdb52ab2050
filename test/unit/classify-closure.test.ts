import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import type { ClosureRow } from '../../src/analysis/summary.js';
import { only, opened } from '../support/closure-scripts.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

function assertCause(row: ClosureRow, cause: string, confidence: string, ...facts: RegExp[]): void {
  assert.deepEqual([row.cause, row.confidence], [cause, confidence], row.evidence);
  for (const fact of facts) assert.match(row.evidence, fact);
  assert.equal(row.evidence.split(/\.\s+[A-Z]/).length, 1, `one sentence: ${row.evidence}`);
}

describe('the classifier names the cause a single closure shows', () => {
  test('a socket_closing a minute before a clean close is maintenance', () => {
    const row = only(
      opened(10 * MIN)
        .at(10 * MIN + 5_000)
        .warning()
        .after(MIN)
        .close({ reason: 'service maintenance' }),
    );
    assertCause(row, 'maintenance', 'high', /socket_closing arrived 1m 00\.0s before/);
  });

  test('a token_revoked message before the close blames the token', () => {
    const row = only(
      opened(5 * MIN)
        .system('token_revoked')
        .after(100)
        .close({ reason: '' }),
    );
    assertCause(row, 'token', 'high', /token_revoked/);
  });

  test("a close at the token's expiry, with the channel gone afterwards, blames the token", () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .token(20 * MIN)
        .channel()
        .open()
        .heartbeats(39)
        .at(20 * MIN + 3_000)
        .close({ reason: '' })
        .channelCheck(false),
    );
    assertCause(row, 'token', 'high', /3\.0s after the token expired/, /gone afterwards/);
  });

  test("a close at the org's idle token timeout after the run's last API call blames the token idling out", () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .push({ event: 'token', grant: 'provided', expiresAt: null, expiresInMs: null })
        .push({ event: 'token-idle', idlesAt: null, idleTimeoutMs: 15 * MIN, idleTimeoutEnabled: true })
        .channel()
        .at(1_000)
        .push({ event: 'subscribe', channel: CHANNEL, topics: [] })
        .at(2_000)
        .open()
        .heartbeats(29)
        .at(1_000 + 15 * MIN + 400)
        .close({ reason: 'idle timeout' }),
    );
    assertCause(row, 'token', 'medium', /400ms after the token would idle out under the org's idle token timeout/);
    assert.equal(row.signals.tokenIdleOffsetMs, 400);
  });

  test('a disabled idle token timeout is no evidence', () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .push({ event: 'token-idle', idlesAt: null, idleTimeoutMs: 15 * MIN, idleTimeoutEnabled: false })
        .channel()
        .at(2_000)
        .open()
        .heartbeats(29)
        .at(15 * MIN)
        .close({ reason: 'idle timeout' }),
    );
    assert.notEqual(row.cause, 'token');
    assert.equal(row.signals.tokenIdleOffsetMs, null);
  });

  test('a 401 from the service right after the close blames the token', () => {
    const row = only(
      opened(3 * MIN)
        .at(3 * MIN + 10_000)
        .close({ reason: '' })
        .error('IDLEPROBE_ERR_AUTH'),
    );
    assertCause(row, 'token', 'high', /refused the token \(401\)/);
  });

  test('no_longer_subscribed and a channel gone afterwards is an eviction', () => {
    const row = only(
      opened(7 * MIN)
        .system('no_longer_subscribed')
        .close({ reason: '' })
        .channelCheck(false),
    );
    assertCause(row, 'evicted', 'high', /no_longer_subscribed/, /gone afterwards/);
  });

  test('a channel gone afterwards without any other sign is an eviction, with medium confidence', () => {
    const row = only(
      opened(7 * MIN)
        .at(7 * MIN + 1_000)
        .close({ reason: '' })
        .reconnect('new'),
    );
    assertCause(row, 'evicted', 'medium', /no longer existed/);
  });

  test('a close when the channel is 24 hours old, gone afterwards, is its expiry', () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .channel()
        .at(23 * HOUR + 50 * MIN)
        .open()
        .heartbeats(20)
        .at(24 * HOUR + 20_000)
        .close({ reason: '' })
        .channelCheck(false),
    );
    assertCause(row, 'channel-expired', 'high', /24h 00m 20\.0s old/);
  });

  test('a subscription renewed on the way restarts the 24 hours', () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .channel()
        .push({ event: 'resubscribe', channel: CHANNEL, topics: 1, expires: null })
        .at(23 * HOUR + 50 * MIN)
        .open()
        .at(24 * HOUR)
        .push({ event: 'resubscribe', channel: CHANNEL, topics: 1, expires: null })
        .heartbeats(2)
        .close({ reason: '' })
        .channelCheck(true),
    );
    assert.notEqual(row.cause, 'channel-expired', row.evidence);
  });

  test("another socket opening on the same channel id makes the first one's close a second socket", () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .open(1)
        .heartbeats(4)
        .open(7)
        .after(10)
        .close({ reason: '' }, 1)
        .after(1_000)
        .close({ by: 'probe', code: 1000, reason: '' }, 7),
    );
    assertCause(row, 'second-socket', 'high', /Another connection opened on the same channel id/);
  });

  test('a watchdog end while the client reported no stall is a half-open path', () => {
    const row = only(
      opened(5 * MIN)
        .health(15)
        .at(6 * MIN + 15_000)
        .watchdog(75_000)
        .close({ code: 1006, reason: '', clean: false, by: 'watchdog' }),
    );
    assertCause(row, 'half-open', 'high', /watchdog/, /no stall/);
  });

  test('a watchdog end without any health report is a half-open path with medium confidence', () => {
    const row = only(
      opened(5 * MIN)
        .at(6 * MIN + 15_000)
        .close({ code: 1006, reason: '', clean: false, by: 'watchdog' }),
    );
    assertCause(row, 'half-open', 'medium');
  });

  test('a clock jump covering the silence makes the client the one that stalled', () => {
    const row = only(
      opened(5 * MIN)
        .at(15 * MIN)
        .clockJump(9 * MIN, 10 * MIN)
        .close({ code: 1006, reason: '', clean: false, by: 'watchdog' }),
    );
    assertCause(row, 'client-stalled', 'high', /9m 00\.0s clock jump/);
  });

  test('a clock jump reported just after the close still covers the silence before it', () => {
    const row = only(
      opened(5 * MIN)
        .at(15 * MIN)
        .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' })
        .after(500)
        .clockJump(9 * MIN, 10 * MIN),
    );
    assertCause(row, 'client-stalled', 'high');
  });

  test('a long event-loop stall covering the silence is a stalled client with medium confidence', () => {
    const row = only(
      opened(5 * MIN)
        .at(7 * MIN)
        .health(100_000, 120_000)
        .close({ code: 1006, reason: '', clean: false, by: 'watchdog' }),
    );
    assertCause(row, 'client-stalled', 'medium', /event-loop stall/);
  });

  test('a stall in a window that ended just after a heartbeat cannot have hidden the silence before the close', () => {
    // The window's worst stall may lie before the last heartbeat: only the 2 s after it count.
    const row = only(
      opened(5 * MIN)
        .at(5 * MIN + 2_000)
        .health(100_000, 120_000)
        .at(7 * MIN)
        .close({ code: 1006, reason: '', clean: false, by: 'watchdog' }),
    );
    assert.notEqual(row.cause, 'client-stalled', row.evidence);
    assert.ok((row.signals.loopStallMs ?? 0) <= 2_000, `stall ${row.signals.loopStallMs}`);
  });

  test('a short event-loop hiccup does not explain a long silence', () => {
    const row = only(
      opened(5 * MIN)
        .at(7 * MIN)
        .health(200)
        .close({ code: 1006, reason: '', clean: false, by: 'watchdog' }),
    );
    assert.equal(row.cause, 'half-open');
  });

  test('a reset at a common intermediary timer while heartbeats flowed is an intermediary cut', () => {
    const row = only(
      opened(100_000).at(100_400).close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }),
    );
    assertCause(row, 'intermediary', 'high', /without a close frame/, /100 s is a common intermediary timer/);
  });

  test('a reset whose timer started at the upgrade request, not the open, still matches that timer', () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .connecting()
        .at(12_000)
        .open()
        .heartbeats(2)
        .at(100_000)
        .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }),
    );
    assertCause(row, 'intermediary', 'high', /at an age of 1m 28\.0s/, /100 s is a common intermediary timer/);
  });

  test('a reset at an unremarkable age is an intermediary cut with medium confidence', () => {
    const row = only(
      opened(430_000).at(437_000).close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }),
    );
    assertCause(row, 'intermediary', 'medium');
  });

  test('a clean close over a chain that does not end at a public CA points at a TLS-intercepting proxy', () => {
    const row = only(script().runStart().at(0).open().path(false).heartbeats(10).after(5_000).close({ reason: '' }));
    assertCause(row, 'intermediary', 'medium', /TLS-intercepting proxy/);
  });

  test('a silent client closed while heartbeats flowed is client silence, low, until a pinging channel is compared', () => {
    const row = only(
      opened(15 * MIN)
        .at(15 * MIN + 1_000)
        .close(),
    );
    assertCause(row, 'client-silence', 'low', /sent nothing/, /--keepalive ping/);
  });

  test('RFC 6455 pings do not count as client messages', () => {
    const row = only(
      script()
        .runStart()
        .at(0)
        .open()
        .pings(29, 30_000, 1, CHANNEL, 'ws')
        .heartbeat()
        .at(15 * MIN)
        .close(),
    );
    assertCause(row, 'client-silence', 'low', /only RFC 6455 control frames/);
  });

  test('a close with heartbeats missing and nothing else to go on is unexplained', () => {
    const row = only(
      opened(2 * MIN)
        .at(6 * MIN)
        .close({ reason: '' }),
    );
    assertCause(row, 'unexplained', 'low', /last heartbeat 4m 00\.0s before/);
  });
});

describe('comparing connections settles a client-silence timer against a lifetime cap', () => {
  test('a pinging connection that outlives the silent ones makes theirs a client-silence timer', () => {
    const rows = analyze(
      script()
        .runStart()
        .at(0)
        .open(1, CHANNEL, 'none')
        .open(2, OTHER_CHANNEL, 'ping:5m')
        .pings(5, 5 * MIN, 2, OTHER_CHANNEL)
        .at(15 * MIN - 9_000)
        .heartbeat(1)
        .at(15 * MIN)
        .close({}, 1)
        .at(25 * MIN + 1_000)
        .close({ by: 'probe', code: 1000, reason: '' }, 2, OTHER_CHANNEL)
        .build(),
    ).closures;
    assertCause(
      rows[0] as ClosureRow,
      'client-silence',
      'high',
      /kept sending \(keepalive ping:5m\), lived 25m 01\.0s/,
    );
  });

  test('a pinging connection closing at the same age makes it a lifetime cap', () => {
    const rows = analyze(
      script()
        .runStart()
        .at(0)
        .open(1, CHANNEL, 'none')
        .open(2, OTHER_CHANNEL, 'ping:5m')
        .pings(2, 5 * MIN, 2, OTHER_CHANNEL)
        .at(15 * MIN - 9_000)
        .heartbeat(1)
        .heartbeat(2, OTHER_CHANNEL)
        .at(15 * MIN)
        .close({}, 1)
        .after(300)
        .close({}, 2, OTHER_CHANNEL)
        .build(),
    ).closures;
    for (const row of rows) assertCause(row, 'lifetime-cap', 'high', /closed at an age of 15m 00/);
  });

  test('two silent connections closing at the same age settle nothing', () => {
    const rows = analyze(
      script()
        .runStart()
        .at(0)
        .open(1)
        .open(2, OTHER_CHANNEL)
        .at(15 * MIN - 9_000)
        .heartbeat(1)
        .heartbeat(2, OTHER_CHANNEL)
        .at(15 * MIN)
        .close({}, 1)
        .close({}, 2, OTHER_CHANNEL)
        .build(),
    ).closures;
    for (const row of rows) assert.equal(row.confidence, 'low');
  });
});

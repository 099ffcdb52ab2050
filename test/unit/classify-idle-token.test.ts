import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { assertCause, closureOf, onlyClosure } from '../support/closure-asserts.js';
import { CHANNEL, type EventScript, OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;

/** A pasted token in an org whose idle token timeout is 15 min; the channel's REST calls end at 1 s. */
function pastedToken(): EventScript {
  return script()
    .runStart()
    .at(0)
    .push({ event: 'token', grant: 'provided', expiresAt: null, expiresInMs: null })
    .push({ event: 'token-idle', idlesAt: null, idleTimeoutMs: 15 * MIN, idleTimeoutEnabled: true })
    .channel()
    .at(1_000)
    .push({ event: 'subscribe', channel: CHANNEL, topics: [] });
}

describe("the org's idle token timeout is recognised on every closure whose timing matches", () => {
  test('a 401 right after a close at the idle timing is the token idling out, not a bare refusal', () => {
    // What a run that goes on after its first closure logs: the HEAD after the close is refused.
    const row = onlyClosure(
      pastedToken()
        .at(2_000)
        .open()
        .heartbeats(29)
        .at(1_000 + 15 * MIN + 400)
        .close()
        .after(5)
        .error('IDLEPROBE_ERR_AUTH'),
    );
    assertCause(
      row,
      'token',
      'high',
      /^The 1001 close \("idle timeout"\) came 400ms after the token would idle out under the org's idle token timeout/,
      /and the service refused the token \(401\) right after/,
    );
  });

  test('every lane that closed when the token idled out gets it, the one followed by the 401 too', () => {
    const rows = analyze(
      pastedToken()
        .at(2_000)
        .open(1, CHANNEL, 'none')
        .open(2, OTHER_CHANNEL, 'tcp:30s')
        .at(1_000 + 15 * MIN + 200)
        .close({}, 1)
        .after(1)
        .close({}, 2, OTHER_CHANNEL)
        .after(5)
        .error('IDLEPROBE_ERR_AUTH')
        .build(),
    ).closures;
    for (const conn of [1, 2]) assertCause(closureOf(rows, conn), 'token', conn === 2 ? 'high' : 'medium', /idle out/);
  });

  test('a later closure counts from the last API call before it: the HEAD after the first closure restarts the count', () => {
    const rows = analyze(
      pastedToken()
        .at(2_000)
        .open(1)
        .heartbeats(9)
        .at(5 * MIN)
        .close({ code: 1011, reason: 'server error' }, 1)
        .after(100)
        .channelCheck(true, 1)
        .after(100)
        .open(2)
        .heartbeats(29, 30_000, 2)
        .at(5 * MIN + 100 + 15 * MIN + 300)
        .close({}, 2)
        .after(5)
        .error('IDLEPROBE_ERR_AUTH')
        .build(),
    ).closures;
    assert.notEqual(closureOf(rows, 1).cause, 'token', closureOf(rows, 1).evidence);
    assertCause(closureOf(rows, 2), 'token', 'high', /300ms after the token would idle out/);
  });

  test('a 401 after a close far from the idle timing still reads as the token refused', () => {
    const row = onlyClosure(
      pastedToken()
        .at(2_000)
        .open()
        .heartbeats(9)
        .at(5 * MIN)
        .close({ reason: '' })
        .after(5)
        .error('IDLEPROBE_ERR_AUTH'),
    );
    assertCause(row, 'token', 'high', /^The service refused the token \(401\) right after the 1001 close\.$/);
  });

  test('a token_revoked message at the idle timing is a revocation: the service said so', () => {
    const row = onlyClosure(
      pastedToken()
        .at(2_000)
        .open()
        .heartbeats(29)
        .at(1_000 + 15 * MIN)
        .system('token_revoked')
        .close({ reason: '' })
        .error('IDLEPROBE_ERR_AUTH'),
    );
    assertCause(row, 'token', 'high', /token_revoked system message/);
  });

  test("a client-credentials token's expiry, with no idle timeout known, still reads as the token expiring", () => {
    const row = onlyClosure(
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
    assertCause(row, 'token', 'high', /3\.0s after the token expired/);
    assert.doesNotMatch(row.evidence, /idle/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { assertCause, closureOf, onlyClosure } from '../support/closure-asserts.js';
import { CHANNEL, type EventScript, OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;
/** The chain a TLS-intercepting proxy presents: its own CA, trusted through --ca. */
const CORP_CHAIN = { chain: [{ subject: 'CN=streaming.mypurecloud.ie', issuer: 'O=Corp, CN=Corp Inspection Root' }] };

/** One connection over an intercepted chain, heartbeats every 30 s until `beatsUntil`. */
function intercepted(beatsUntil: number, conn = 1, channel = CHANNEL, keepalive?: string): EventScript {
  return script()
    .runStart()
    .at(0)
    .open(conn, channel, keepalive)
    .path(false, conn, channel, CORP_CHAIN)
    .heartbeats(Math.floor(beatsUntil / 30_000), 30_000, conn, channel);
}

describe('a TLS chain that ends at a private CA is context, not a cause', () => {
  test('the service\'s own 1001 "idle timeout" relayed by the proxy is judged by the service\'s rules, and the evidence notes the proxy', () => {
    const row = onlyClosure(
      intercepted(15 * MIN)
        .at(15 * MIN + 1_000)
        .close(),
    );
    assertCause(
      row,
      'client-silence',
      'low',
      /sent nothing while heartbeats kept arriving/,
      /TLS chain ends at a private CA \(O=Corp, CN=Corp Inspection Root\), so a TLS-intercepting proxy or front relayed the service's close/,
    );
  });

  test('a pinging connection through the same proxy that outlived it settles the timer as client silence', () => {
    const rows = analyze(
      intercepted(15 * MIN - 9_000)
        .at(0)
        .open(2, OTHER_CHANNEL, 'ping:5m')
        .path(false, 2, OTHER_CHANNEL, CORP_CHAIN)
        .pings(5, 5 * MIN, 2, OTHER_CHANNEL)
        .at(15 * MIN)
        .close({}, 1)
        .at(25 * MIN + 1_000)
        .close({ by: 'probe', code: 1000, reason: '' }, 2, OTHER_CHANNEL)
        .build(),
    ).closures;
    assertCause(
      closureOf(rows, 1),
      'client-silence',
      'high',
      /kept sending \(keepalive ping:5m\), lived 25m 01\.0s/,
      /TLS-intercepting proxy or front relayed the service's close/,
    );
  });

  test('evidence from other connections outranks the path hint of a close frame the service is not known to send', () => {
    const rows = analyze(
      intercepted(15 * MIN - 9_000)
        .at(0)
        .open(2, OTHER_CHANNEL, 'ping:5m')
        .path(false, 2, OTHER_CHANNEL, CORP_CHAIN)
        .pings(5, 5 * MIN, 2, OTHER_CHANNEL)
        .at(15 * MIN)
        .close({ code: 1000, reason: '' }, 1)
        .at(25 * MIN + 1_000)
        .close({ by: 'probe', code: 1000, reason: '' }, 2, OTHER_CHANNEL)
        .build(),
    ).closures;
    assertCause(closureOf(rows, 1), 'client-silence', 'high', /lived 25m 01\.0s/, /private CA/);
  });

  test('a channel gone after a close over the intercepted chain is an eviction, with the proxy noted', () => {
    const row = onlyClosure(
      intercepted(7 * MIN)
        .at(7 * MIN + 1_000)
        .close({ reason: '' })
        .channelCheck(false),
    );
    assertCause(row, 'evicted', 'medium', /no longer existed/, /TLS-intercepting proxy or front/);
  });

  test('a close frame the service is not known to send, with nothing else to compare, still points at the proxy', () => {
    const row = onlyClosure(
      intercepted(5 * MIN)
        .after(5_000)
        .close({ code: 1001, reason: 'Going Away' }),
    );
    assertCause(
      row,
      'intermediary',
      'medium',
      /1001 close \("Going Away"\) at an age of 5m 05\.0s does not carry a close reason the service is known to use/,
      /its TLS chain ends at a private CA \(O=Corp, CN=Corp Inspection Root\), so a TLS-intercepting proxy or front may have sent it/,
    );
  });

  test('the same close over a public chain is the service timer it looks like, without a word about a proxy', () => {
    const row = onlyClosure(
      script()
        .runStart()
        .at(0)
        .open()
        .path(true)
        .heartbeats(30)
        .at(15 * MIN + 1_000)
        .close(),
    );
    assertCause(row, 'client-silence', 'low');
    assert.doesNotMatch(row.evidence, /proxy|private CA/);
  });

  test('a connection that died without a close frame over the intercepted chain names the private CA among the clues', () => {
    const row = onlyClosure(
      intercepted(100_000)
        .at(100_400)
        .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }),
    );
    assertCause(
      row,
      'intermediary',
      'high',
      /100 s is a common intermediary timer; its TLS chain ends at a private CA \(O=Corp, CN=Corp Inspection Root\)\.$/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import type { ClosureRow } from '../../src/analysis/summary.js';
import { assertCause, closureOf, onlyClosure } from '../support/closure-asserts.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;
const WATCHDOG_END = { code: 1006, reason: '', clean: false, by: 'watchdog' } as const;
const RESET = { code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' } as const;
const SQUID_PATH = {
  proxy: { url: 'http://proxy.corp.example:3128', connectStatus: null },
  upgradeHeaders: { upgrade: 'websocket', via: '1.1 squid (squid/5.7)', server: 'nginx' },
};

describe('a black hole is bounded: the cut lies in the silence before the watchdog', () => {
  test('a watchdog end names the last frame and the silence after it in which the path was cut', () => {
    const row = onlyClosure(
      script()
        .runStart()
        .at(0)
        .open()
        .heartbeats(10)
        .health(15)
        .at(6 * MIN + 15_000)
        .watchdog(75_000)
        .close(WATCHDOG_END),
    );
    assertCause(
      row,
      'half-open',
      'high',
      /The path went silent after the last frame at 12:05:00\.000 and was cut somewhere in the 1m 15\.0s of silence after it/,
      /watchdog ended the connection at an age of 6m 15\.0s while the client reported no stall/,
    );
  });

  test('with no frame at all, the silence is counted from the open', () => {
    const row = onlyClosure(script().runStart().at(0).open().at(75_000).close(WATCHDOG_END));
    assertCause(row, 'half-open', 'medium', /went silent after the open at 12:00:00\.000 .* 1m 15\.0s of silence/);
  });

  test('under a time scale the silence says its real length too', () => {
    const row = onlyClosure(script().runStart(600).at(0).open().at(125).close(WATCHDOG_END));
    assert.match(row.evidence, /1m 15\.0s \(125ms in real time\) of silence/);
    assert.match(row.evidence, /at an age of 1m 15\.0s \(125ms in real time\)/);
  });
});

describe('"while heartbeats had stopped" only when some had arrived', () => {
  test('a reset before any heartbeat arrived says so', () => {
    const row = onlyClosure(script().runStart().at(0).open().at(20_000).close(RESET));
    assertCause(row, 'intermediary', 'medium', /at an age of 20\.0s before any heartbeat had arrived on it/);
    assert.doesNotMatch(row.evidence, /had stopped/);
  });

  test('a reset after the heartbeats stopped still says they had stopped', () => {
    const row = onlyClosure(
      script()
        .runStart()
        .at(0)
        .open()
        .heartbeats(4)
        .at(4 * MIN)
        .close(RESET),
    );
    assertCause(row, 'intermediary', 'medium', /while heartbeats had stopped 2m 00\.0s before/);
  });
});

/**
 * A kernel NAT that forgets a flow after 2 s idle, heartbeats every 4 s: the lane without keepalive is
 * black-holed before its first heartbeat and the watchdog ends it at 6 s; the `tcp:1s` lane lives on.
 */
function natRun(tcpEnd: { at: number; by: 'probe' | 'network' }, tcpRun = 1) {
  let events = script()
    .runStart()
    .at(0)
    .connecting(1, CHANNEL, 'none')
    .open(1, CHANNEL, 'none')
    .connecting(2, OTHER_CHANNEL, 'tcp:1s')
    .open(2, OTHER_CHANNEL, 'tcp:1s')
    .heartbeats(1, 4_000, 2, OTHER_CHANNEL)
    .at(6_000)
    .close(WATCHDOG_END, 1, CHANNEL);
  if (tcpRun !== 1) events = events.runStart().at(0).open(2, OTHER_CHANNEL, 'tcp:1s');
  const tcpClose = tcpEnd.by === 'probe' ? { code: 1000, reason: '', by: 'probe' as const } : RESET;
  return analyze(events.heartbeats(1, 4_000, 2, OTHER_CHANNEL).at(tcpEnd.at).close(tcpClose, 2, OTHER_CHANNEL).build());
}

describe('lanes with TCP keepalive that survived bracket the box timer that cut another lane', () => {
  const bracket = /the tcp:1s lane survived in the same run, so the box's idle timer is longer than 1\.0s/;

  test("a surviving tcp:1s lane bounds the black hole's timer between its keepalive interval and the cut lane's silence", () => {
    const row = closureOf(natRun({ at: 9_000, by: 'probe' }).closures, 1);
    assertCause(
      row,
      'half-open',
      'medium',
      /longer than 1\.0s, that lane's TCP keepalive interval, and at most 6\.0s, this connection's client silence when the watchdog ended it\.$/,
    );
  });

  test('a tcp lane that was cut too bounds nothing', () => {
    const rows = natRun({ at: 9_000, by: 'network' }).closures;
    assert.doesNotMatch(closureOf(rows, 1).evidence, bracket);
  });

  test('a tcp lane the run stopped before the other lane was cut bounds nothing', () => {
    const row = closureOf(natRun({ at: 5_000, by: 'probe' }).closures, 1);
    assert.doesNotMatch(row.evidence, bracket);
  });

  test("a tcp lane of another run (another machine's log) bounds nothing", () => {
    const rows = natRun({ at: 9_000, by: 'probe' }, 2).closures;
    assert.doesNotMatch((rows[0] as ClosureRow).evidence, bracket);
  });
});

describe("the path event's clues name the box in the evidence of path causes", () => {
  test('a reset through a proxy quotes the proxy and the Via and Server of the 101', () => {
    const row = onlyClosure(
      script()
        .runStart()
        .at(0)
        .open()
        .path(null, 1, CHANNEL, SQUID_PATH)
        .heartbeats(29)
        .at(15 * MIN)
        .close(RESET),
    );
    assertCause(
      row,
      'intermediary',
      'high',
      /; it went through the proxy http:\/\/proxy\.corp\.example:3128, the 101 came through Via: 1\.1 squid \(squid\/5\.7\) and the 101 named Server: nginx\.$/,
    );
  });

  test('a half-open path quotes them too', () => {
    const row = onlyClosure(
      script()
        .runStart()
        .at(0)
        .open()
        .path(null, 1, CHANNEL, { upgradeHeaders: { via: '1.1 squid' } })
        .heartbeats(2)
        .at(2 * MIN + 15_000)
        .close(WATCHDOG_END),
    );
    assertCause(row, 'half-open', 'medium', /; the 101 came through Via: 1\.1 squid\.$/);
  });

  test('a cause the service gave leaves the path out of it', () => {
    const row = onlyClosure(
      script()
        .runStart()
        .at(0)
        .open()
        .path(null, 1, CHANNEL, SQUID_PATH)
        .heartbeats(20)
        .warning()
        .after(MIN)
        .close({ reason: 'service maintenance' }),
    );
    assertCause(row, 'maintenance', 'high');
    assert.doesNotMatch(row.evidence, /squid|proxy|Server/);
  });
});

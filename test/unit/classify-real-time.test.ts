import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { assertCause, onlyClosure } from '../support/closure-asserts.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

/** `run --sim`: the built-in simulator in-process, whose own boxes keep scenario time. */
const IN_PROCESS_SIM = { scenario: 'proxy-idle' };
const RESET = { code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' } as const;

/**
 * A run at `--time-scale 10` against `idleprobe sim` behind a real box (the probe reaches it through
 * --api-base): heartbeats every 3 real seconds (30 s of scenario time), a reset at `realCutMs` real.
 */
function behindRealBox(realCutMs: number, conn = 1, channel = CHANNEL) {
  return script()
    .runStart(10, 'http://127.0.0.1:8080')
    .at(0)
    .open(conn, channel)
    .heartbeats(Math.floor(realCutMs / 3_000), 3_000, conn, channel)
    .at(realCutMs)
    .close(RESET, conn, channel);
}

describe('a box on the path runs in real time, whatever the time scale', () => {
  test("HAProxy's real 60 s under --time-scale 10 matches 60 s of real time, never the 600 s its scaled age looks like", () => {
    const row = onlyClosure(behindRealBox(60_200));
    assert.equal(row.lifetimeMs, 602_000);
    assert.equal(row.realLifetimeMs, 60_200);
    assert.equal(row.timeScale, 10);
    assertCause(
      row,
      'intermediary',
      'high',
      /at an age of 10m 02\.0s \(1m 00\.2s in real time\)/,
      /; 60 s of real time is a common intermediary timer/,
    );
    assert.doesNotMatch(row.evidence, /600 s/);
  });

  test('closures at a scaled 10 minutes do not cluster as "the common intermediary timer of 600 s"', () => {
    const summary = analyze([
      ...behindRealBox(60_200).build(),
      ...script().at(61_000).open(2, OTHER_CHANNEL).at(121_100).close(RESET, 2, OTHER_CHANNEL).build(),
    ]);
    const [ages] = summary.patterns.ages;
    assert.equal(ages?.count, 2);
    assert.equal(ages?.timerMs, null, 'no scenario-time timer named for a real box');
  });

  test('a real cut at an unremarkable real age matches no timer, though its scaled age is 10 minutes', () => {
    const row = onlyClosure(behindRealBox(75_000));
    assertCause(row, 'intermediary', 'medium', /\(1m 15\.0s in real time\)/);
    assert.doesNotMatch(row.evidence, /common intermediary timer/);
  });

  test("the built-in simulator's own relay keeps scenario time, so its 100 s cut still matches 100 s at 600x", () => {
    const row = onlyClosure(
      script()
        .runStart(600, 'simulator (scenario proxy-idle)', IN_PROCESS_SIM)
        .at(0)
        .open()
        .heartbeats(3, 50)
        .at(167)
        .close(RESET),
    );
    assertCause(row, 'intermediary', 'high', /\(167ms in real time\)/, /; 100 s is a common intermediary timer/);
    assert.equal(row.signals.boxClock, 'scenario');
  });

  test('through a configured proxy, even the in-process simulator is matched on real time: the proxy may be the box', () => {
    const row = onlyClosure(
      script()
        .runStart(600, 'simulator (scenario proxy-idle)', IN_PROCESS_SIM)
        .at(0)
        .open()
        .path(null, 1, CHANNEL, { proxy: { url: 'http://127.0.0.1:3128', connectStatus: 200 } })
        .heartbeats(3, 50)
        .at(167)
        .close(RESET),
    );
    assert.equal(row.signals.boxClock, 'real');
    assert.doesNotMatch(row.evidence, /common intermediary timer/);
  });

  test('at 1x nothing changes: the real age is the age and the evidence does not repeat it', () => {
    const row = onlyClosure(script().runStart().at(0).open().heartbeats(3).at(100_400).close(RESET));
    assert.equal(row.realLifetimeMs, row.lifetimeMs);
    assert.doesNotMatch(row.evidence, /real time/);
    assert.match(row.evidence, /; 100 s is a common intermediary timer/);
  });

  test("a service close under a time scale keeps to scenario time: the service's timers scale with it", () => {
    const row = onlyClosure(
      script().runStart(60, 'http://127.0.0.1:8080').at(0).open().heartbeats(29, 500).at(15_000).close(),
    );
    assert.equal(row.cause, 'client-silence');
    assert.equal(row.realLifetimeMs, 15_000);
    assert.doesNotMatch(row.evidence, /real time/);
  });
});

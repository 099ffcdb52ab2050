import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { evaluateFailOn, FAIL_ON_EXIT_CODES, parseFailOn } from '../../src/ci/fail-on.js';
import { renderSummary } from '../../src/report/render-summary.js';
import { OTHER_CHANNEL, script } from '../support/event-builders.js';

const MIN = 60_000;
const PROBE_STOP = { by: 'probe', code: 1000, reason: '' } as const;

/**
 * One lane that opens after 250 ms, is closed at 1 min, cannot reconnect three times (the service gone,
 * then a 503) and opens again at 70.1 s until the run stops at 100 s: blind 250 ms + 9.85 s + 10 ms.
 */
function outage(timeScale = 1) {
  return script()
    .runStart(timeScale)
    .at(0)
    .laneStart(1, 'none')
    .at(100)
    .connecting(1, undefined, 'none', 1)
    .at(250)
    .open(1, undefined, 'none')
    .at(60_250)
    .close({}, 1)
    .at(61_000)
    .attemptFailed(1, 'ECONNREFUSED')
    .at(63_000)
    .attemptFailed(1, 'ECONNREFUSED')
    .at(67_000)
    .attemptFailed(1, 'HTTP 503')
    .at(70_000)
    .connecting(2, undefined, 'none', 1)
    .at(70_100)
    .open(2, undefined, 'none')
    .at(100_000)
    .close(PROBE_STOP, 2)
    .at(100_010)
    .runEnd('duration', 1);
}

describe('blind time: how long the probe had no open connection', () => {
  test('counts from the first attempt to the first open, from a close to the reopen, and failed attempts by cause', () => {
    const summary = analyze(outage().build());
    assert.equal(summary.blindMs, 250 + 9_850 + 10);
    assert.equal(summary.failedAttempts, 3);
    assert.deepEqual(summary.lanes, [
      {
        run: 1,
        source: null,
        lane: 1,
        keepalive: 'none',
        connected: true,
        blindMs: 10_110,
        failedAttempts: 3,
        failures: [
          { cause: 'ECONNREFUSED', count: 2 },
          { cause: 'HTTP 503', count: 1 },
        ],
        stopped: null,
      },
    ]);
  });

  test('is scenario time: the raw stretches times the time scale', () => {
    assert.equal(analyze(outage(60).build()).blindMs, 10_110 * 60);
  });

  test('a lane that never connected is blind for the whole run, and no-connection fires though another lane connected', () => {
    const events = script()
      .runStart()
      .at(0)
      .laneStart(1, 'none')
      .laneStart(2, 'none')
      .at(50)
      .connecting(1, undefined, 'none', 1)
      .connecting(2, OTHER_CHANNEL, 'none', 2)
      .at(80)
      .open(1, undefined, 'none')
      .attemptFailed(2, 'HTTP 503')
      .at(1_080)
      .attemptFailed(2, 'HTTP 503')
      .at(MIN)
      .close(PROBE_STOP, 1)
      .runEnd()
      .build();
    const summary = analyze(events);
    assert.deepEqual(
      summary.lanes.map((lane) => [lane.lane, lane.connected, lane.blindMs, lane.failedAttempts]),
      [
        [1, true, 80, 0],
        [2, false, MIN, 2],
      ],
    );
    assert.equal(summary.connections, 1);
    const outcome = evaluateFailOn(summary, parseFailOn(['no-connection']));
    assert.equal(outcome.exitCode, FAIL_ON_EXIT_CODES.noConnection);
    assert.match(outcome.reasons[0] ?? '', /1 lane never connected \(lane 2\)/);
    const table = renderSummary(summary, 'table', { color: false });
    assert.match(
      table,
      /Lane 2 \(keepalive none\): blind for 1m 00\.0s \(2 failed attempts: HTTP 503 x2\); it never connected\./,
    );
    assert.match(table, /Blind for 1m 00\.1s in all, summed over 2 lanes \(2 failed attempts\)\./);
  });

  test('every lane connected: no-connection does not fire', () => {
    assert.deepEqual(evaluateFailOn(analyze(outage().build()), parseFailOn(['no-connection'])), {
      exitCode: 0,
      reasons: [],
    });
  });

  test('a lane done under --reconnect off stops counting; one that gave up counts to the end and says why', () => {
    const events = script()
      .runStart()
      .at(0)
      .laneStart(1, 'none')
      .laneStart(2, 'ping:5m')
      .connecting(1, undefined, 'none', 1)
      .connecting(2, OTHER_CHANNEL, 'ping:5m', 2)
      .at(100)
      .open(1)
      .open(2, OTHER_CHANNEL)
      .at(10_000)
      .close({}, 1)
      .laneEnd(1, 'done')
      .at(20_000)
      .close({}, 2, OTHER_CHANNEL)
      .at(21_000)
      .attemptFailed(2, 'HTTP 403')
      .laneEnd(2, 'failed', 'the upgrade was refused with 403.')
      .at(30_000)
      .runEnd('error', 2)
      .build();
    const summary = analyze(events);
    assert.deepEqual(
      summary.lanes.map((lane) => [lane.lane, lane.blindMs, lane.stopped]),
      [
        [1, 100, null],
        [2, 100 + 10_000, 'the upgrade was refused with 403.'],
      ],
    );
    assert.match(
      renderSummary(summary, 'markdown', { color: false }),
      /Lane 2 \(keepalive ping:5m\): blind for 10\.1s \(1 failed attempt: HTTP 403\); it stopped the run: the upgrade was refused with 403\./,
    );
  });

  test('a log written before lanes were logged counts one lane per keepalive strategy, from its first connection', () => {
    const events = script()
      .runStart()
      .at(1_000)
      .connecting(1, undefined, 'none')
      .at(1_200)
      .open(1, undefined, 'none')
      .at(5_000)
      .close({}, 1)
      .at(6_000)
      .open(2, undefined, 'none')
      .at(9_000)
      .runEnd()
      .build();
    const summary = analyze(events);
    assert.deepEqual(
      summary.lanes.map((lane) => [lane.lane, lane.keepalive, lane.blindMs]),
      [[null, 'none', 200 + 1_000]],
    );
    // No failed attempt and less than a heartbeat interval without a connection: folded away.
    assert.doesNotMatch(renderSummary(summary, 'table', { color: false }), /blind/i);
  });

  test('runs appended to one log each count to their own end, in their own time scale', () => {
    const events = [
      ...outage(1).build(),
      ...script().runStart(10).at(0).laneStart(1, 'none').at(500).runEnd('signal').build(),
    ];
    const summary = analyze(events);
    assert.deepEqual(
      summary.lanes.map((lane) => [lane.run, lane.blindMs, lane.connected]),
      [
        [1, 10_110, true],
        [2, 5_000, false],
      ],
    );
    assert.equal(summary.blindMs, 15_110);
  });

  test('a run that was killed counts to its last event', () => {
    const events = script().runStart().at(0).laneStart(1, 'none').at(700).attemptFailed(1, 'ENOTFOUND').build();
    assert.equal(analyze(events).blindMs, 700);
  });

  test('the JSON report carries failedAttempts and blindMs at the top, and each lane', () => {
    const json = JSON.parse(renderSummary(analyze(outage().build()), 'json', { color: false }));
    assert.equal(json.failedAttempts, 3);
    assert.equal(json.blindMs, 10_110);
    assert.deepEqual(Object.keys(json.lanes[0]), [
      'run',
      'source',
      'lane',
      'keepalive',
      'connected',
      'blindMs',
      'failedAttempts',
      'failures',
      'stopped',
    ]);
  });

  test('--fail-on blind>DURATION exits 8 when the lanes were blind for longer, and not when they were not', () => {
    const summary = analyze(outage().build());
    assert.deepEqual(parseFailOn(['blind>10s']), [{ kind: 'blind', overMs: 10_000 }]);
    const over = evaluateFailOn(summary, parseFailOn(['blind>10s']));
    assert.equal(over.exitCode, 8);
    assert.equal(FAIL_ON_EXIT_CODES.blind, 8);
    assert.match(
      over.reasons[0] ?? '',
      /--fail-on blind>10\.0s: the probe was blind for 10\.1s \(no open connection, summed over 1 lane; 3 failed attempts\)/,
    );
    assert.deepEqual(evaluateFailOn(summary, parseFailOn(['blind>11s'])), { exitCode: 0, reasons: [] });
    assert.throws(() => parseFailOn(['blind>often']), /"often" is not a duration; write it as 30s, 15m or 1h30m/);
  });
});

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { analyze, analyzeStream, ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

describe('the run summary', () => {
  test('a scaled run reports durations in scenario time, rounded to 0.1 ms', () => {
    const events = script().runStart(60).at(0).open().heartbeats(30, 500).at(15_000.123).close().runEnd().build();
    const summary = analyze(events);
    assert.equal(summary.timeScale, 60);
    assert.equal(summary.scenarioTime, true);
    const [row] = summary.closures;
    assert.equal(row?.lifetimeMs, 900_007.4);
    assert.equal(row?.maxHeartbeatGapMs, 30_000);
    assert.equal(row?.sinceHeartbeatMs, 7.4, '0.123 ms x 60 = 7.38 ms, rounded to 7.4');
    assert.equal(row?.missedHeartbeats, 0, 'a 500 ms gap at 60x is the expected 30 s');
  });

  test('a run without a time scale reads in real time', () => {
    const events = script().at(0).open().at(1_000).close().build();
    const summary = analyze(events);
    assert.equal(summary.timeScale, 1);
    assert.equal(summary.scenarioTime, false);
    assert.equal(summary.closures[0]?.lifetimeMs, 1_000);
  });

  test('connections the probe closed while stopping are kept apart from closures', () => {
    const events = script()
      .runStart()
      .at(0)
      .open(1)
      .open(1, OTHER_CHANNEL)
      .at(10_000)
      .close({ code: 1000, reason: 'run ended', by: 'probe' }, 1)
      .close({ code: 1001, reason: 'idle timeout' }, 1, OTHER_CHANNEL)
      .runEnd('duration', 1)
      .build();
    const summary = analyze(events);
    assert.deepEqual(
      summary.closures.map((r) => r.channel),
      [OTHER_CHANNEL],
    );
    assert.deepEqual(
      summary.endedByProbe.map((r) => [r.channel, r.reason]),
      [[CHANNEL, 'run ended']],
    );
    assert.equal(summary.connections, 2);
    assert.equal(summary.endReason, 'duration');
    assert.equal(summary.endedAt, '2026-01-01T12:00:10.000Z');
  });

  test('the same connection number on two channels is two connections', () => {
    const events = script()
      .runStart()
      .at(0)
      .open(1)
      .open(1, OTHER_CHANNEL)
      .at(30_000)
      .heartbeat(1)
      .at(40_000)
      .close({}, 1, OTHER_CHANNEL)
      .at(50_000)
      .close({}, 1)
      .build();
    const summary = analyze(events);
    assert.deepEqual(
      summary.closures.map((r) => [r.channel, r.heartbeats, r.lifetimeMs]),
      [
        [OTHER_CHANNEL, 0, 40_000],
        [CHANNEL, 1, 50_000],
      ],
    );
  });

  test('two runs in one log are read one after the other, each with its own time scale', () => {
    const events = [
      ...script().runStart(1, 'sim-a').at(0).open(1).open(2).at(1_000).close({}, 1).runEnd('signal').build(),
      ...script().runStart(10, 'sim-b').at(0).open(1).at(500).heartbeat(1).at(2_000).close({}, 1).build(),
    ];
    const summary = analyze(events);
    assert.equal(summary.runs, 2);
    assert.equal(summary.target, 'sim-a', 'the header facts come from the first run');
    assert.equal(summary.startedAt, '2026-01-01T12:00:00.000Z');
    assert.equal(summary.endedAt, null, 'the last run never ended');
    assert.equal(summary.endReason, null);
    assert.deepEqual(
      summary.closures.map((r) => r.lifetimeMs),
      [1_000, 20_000],
    );
    assert.equal(summary.closures[1]?.heartbeats, 1, "the second run does not inherit the first run's state");
    assert.equal(summary.openAtEnd, 1, 'connection 2 of the first run never closed');
  });

  test('connections still open when the log ends are counted, not listed', () => {
    const events = script().runStart().at(0).open(1).open(2).at(1_000).close({}, 2).build();
    const summary = analyze(events);
    assert.equal(summary.openAtEnd, 1);
    assert.equal(summary.closures.length, 1);
  });

  test('a connection that closed before it opened counts as failed to open', () => {
    const events = script()
      .runStart()
      .at(0)
      .connecting(1)
      .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNREFUSED' }, 1)
      .connecting(2)
      .close({ code: 1006, reason: '', clean: false, by: 'probe' }, 2)
      .build();
    const summary = analyze(events);
    assert.equal(summary.failedToOpen, 1, 'a connect the run itself abandoned is not a failure');
    assert.equal(summary.closures.length, 0);
    assert.equal(summary.connections, 0);
  });

  test('unknown events and extra fields are ignored', () => {
    const events = script().runStart().at(0).open().build();
    const odd = [
      ...events,
      { event: 'from-the-future', time: '2026-01-01T12:00:01.000Z', mono: 1_000, channel: CHANNEL, conn: 1 },
      { event: 'heartbeat', time: '2026-01-01T12:00:30.000Z', mono: 30_000, channel: CHANNEL, conn: 1, level: 'info' },
      {
        event: 'close',
        time: '2026-01-01T12:00:31.000Z',
        mono: 31_000,
        channel: CHANNEL,
        conn: 1,
        code: 1001,
        reason: 'idle timeout',
        clean: true,
        by: 'server',
        extra: { nested: true },
      },
    ] as unknown as Parameters<typeof analyze>[0];
    const summary = analyze(odd);
    assert.equal(summary.closures[0]?.sinceHeartbeatMs, 1_000);
    assert.equal(summary.heartbeats, 1);
  });

  test('the streaming and the list analysis agree', async () => {
    const events = script()
      .runStart(5)
      .at(0)
      .open()
      .heartbeats(10, 6_000)
      .ping()
      .after(1)
      .pong()
      .after(3_000)
      .close()
      .runEnd()
      .build();
    const streamed = await analyzeStream(Readable.from(events));
    assert.deepEqual(streamed, analyze(events));
  });

  test('finish can be called mid-stream and the analysis goes on', () => {
    const analyzer = new ClosureAnalyzer();
    const [start, open, close] = script().runStart().at(0).open().at(1_000).close().build();
    analyzer.push(start!);
    analyzer.push(open!);
    assert.equal(analyzer.finish().openAtEnd, 1);
    analyzer.push(close!);
    const summary = analyzer.finish();
    assert.equal(summary.openAtEnd, 0);
    assert.equal(summary.closures.length, 1);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import { MAX_TIMELINES, TimelineCollector } from '../../src/analysis/timeline.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

function collect(sources: ProbeEvent[][]) {
  const timelines = new TimelineCollector();
  const analyzer = new ClosureAnalyzer(timelines);
  for (const [index, events] of sources.entries()) {
    analyzer.beginSource(`log-${index + 1}.ndjson`);
    for (const event of events) analyzer.push(event);
  }
  return { summary: analyzer.finish(), ...timelines.result() };
}

describe('the SVG timelines follow the connections the analysis numbered', () => {
  test('each timeline carries the run and connection of its closure row, across runs and logs', () => {
    const oneRun = (timeScale: number) =>
      script().runStart(timeScale).at(0).open(1).heartbeats(2).at(100_000).close({ reason: 'idle timeout' }, 1);
    const twoRuns = oneRun(1).runStart(10).at(0).open(1).heartbeats(1).at(50_000).close({}, 1);
    const { summary, timelines } = collect([twoRuns.build(), oneRun(1).build()]);
    assert.deepEqual(
      timelines.map((t) => [t.run, t.channel, t.connection]),
      summary.closures.map((row) => [row.run, row.channel, row.connection]),
    );
    assert.deepEqual(
      timelines.map((t) => t.run),
      [1, 2, 3],
    );
    assert.deepEqual(
      timelines[1]?.marks,
      [{ atMs: 300_000, kind: 'heartbeat' }],
      'offsets in the scenario time of their own run',
    );
  });

  test('frames before the open and after the close are not drawn; the watchdog is', () => {
    const events = script()
      .runStart()
      .at(0)
      .connecting(1)
      .heartbeat(1)
      .at(1_000)
      .open(1)
      .at(2_000)
      .ping(1)
      .at(3_000)
      .watchdog(2_000, 1)
      .close({ by: 'watchdog' }, 1)
      .at(4_000)
      .heartbeat(1)
      .build();
    const [timeline] = collect([events]).timelines;
    assert.deepEqual(timeline?.marks, [
      { atMs: 1_000, kind: 'ping' },
      { atMs: 2_000, kind: 'watchdog' },
    ]);
  });

  test('a connection that a later open on the same number replaced stops at that open', () => {
    const events = script()
      .runStart()
      .at(0)
      .open(1)
      .open(1, OTHER_CHANNEL)
      .at(1_000)
      .open(1)
      .at(2_000)
      .heartbeat(1)
      .build();
    const { timelines } = collect([events]);
    assert.deepEqual(
      timelines.map((t) => [t.channel, t.marks.length]),
      [
        [CHANNEL, 0],
        [OTHER_CHANNEL, 0],
        [CHANNEL, 1],
      ],
    );
  });

  test(`past ${MAX_TIMELINES} connections the rest are counted, not drawn`, () => {
    let events = script().runStart();
    for (let conn = 1; conn <= MAX_TIMELINES + 5; conn += 1) events = events.at(conn).open(conn).heartbeat(conn);
    const { timelines, notDrawn } = collect([events.build()]);
    assert.equal(timelines.length, MAX_TIMELINES);
    assert.equal(notDrawn, 5);
  });

  test('a result is a copy: frames heard afterwards do not change it', () => {
    const timelines = new TimelineCollector();
    const analyzer = new ClosureAnalyzer(timelines);
    const events = script().runStart().at(0).open(1).heartbeats(2).build();
    for (const event of events.slice(0, 3)) analyzer.push(event);
    const first = timelines.result();
    for (const event of events.slice(3)) analyzer.push(event);
    assert.equal(first.timelines[0]?.marks.length, 1);
    assert.equal(timelines.result().timelines[0]?.marks.length, 2);
  });
});

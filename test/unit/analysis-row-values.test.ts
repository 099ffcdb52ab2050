import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

function analyzerFed(events: ProbeEvent[]): ClosureAnalyzer {
  const analyzer = new ClosureAnalyzer();
  for (const event of events) analyzer.push(event);
  return analyzer;
}

/** A row frozen deeply, so that any later write to it (or its signals) throws instead of passing unseen. */
function frozen<T extends object>(row: T): T {
  for (const value of Object.values(row)) if (typeof value === 'object' && value !== null) Object.freeze(value);
  return Object.freeze(row);
}

describe('a closure row is a value', () => {
  test('a summary taken before the channel check keeps what it said; the next one has the check', () => {
    const analyzer = analyzerFed(script().runStart().at(0).open().heartbeats(10).after(1_000).close().build());
    const before = analyzer.finish();
    const row = frozen(before.closures[0]!);
    assert.equal(row.signals.channelAfter, null);
    for (const event of script().at(301_000).channelCheck(false).at(302_000).reconnect('new').build()) {
      analyzer.push(event);
    }
    const after = analyzer.finish();
    assert.equal(after.closures[0]?.signals.channelAfter, 'gone');
    assert.equal(before.closures[0], row, 'the earlier summary still holds the same row');
    assert.equal(row.signals.channelAfter, null);
  });

  test('a health window and a clock jump reported after the close reach the row without touching earlier ones', () => {
    const analyzer = analyzerFed(script().runStart().at(0).open().at(100_000).close({ by: 'network' }).build());
    const before = frozen(analyzer.finish().closures[0]!);
    for (const event of script().at(100_500).health(80_000, 60_000).at(101_000).clockJump(90_000).build()) {
      analyzer.push(event);
    }
    const row = analyzer.finish().closures[0]!;
    assert.equal(row.signals.loopStallMs, 80_000);
    assert.equal(row.signals.clockJumpMs, 90_000);
    assert.equal(row.signals.healthReported, true);
    assert.equal(row.cause, 'client-stalled', 'the row is classified with the late evidence');
    assert.equal(before.signals.loopStallMs, null);
    assert.notEqual(before.cause, 'client-stalled');
  });

  test('once a new run begins, a closure of the previous run takes no more evidence', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .at(60_000)
      .close()
      .runStart()
      .at(1_000)
      .channelCheck(false, 1, CHANNEL)
      .build();
    const [row] = analyzerFed(events).finish().closures;
    assert.equal(row?.signals.channelAfter, null, 'a check in the next run is about its own connection 1');
  });

  test('the rows of a summary come in close order, those still awaiting evidence after the settled ones', () => {
    let events = script().runStart();
    for (let conn = 1; conn <= 70; conn += 1) {
      const channel = conn % 2 === 0 ? CHANNEL : OTHER_CHANNEL;
      events = events
        .at(conn * 1_000)
        .open(conn, channel)
        .after(500)
        .close({ by: conn % 10 === 0 ? 'probe' : 'server' }, conn, channel);
    }
    const summary = analyzerFed(events.build()).finish();
    const closed = (rows: typeof summary.closures) => rows.map((row) => row.connection);
    const all = Array.from({ length: 70 }, (_, i) => i + 1);
    assert.deepEqual(
      closed(summary.closures),
      all.filter((conn) => conn % 10 !== 0),
    );
    assert.deepEqual(
      closed(summary.endedByProbe),
      all.filter((conn) => conn % 10 === 0),
    );
  });
});

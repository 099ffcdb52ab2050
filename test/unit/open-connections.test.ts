import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectionTracker } from '../../src/analysis/connection-tracker.js';
import { OpenConnections } from '../../src/analysis/open-connections.js';

/** A connection of run 1, as the analysis follows it, on a channel name built fresh (as a parsed line's is). */
function tracker(open: OpenConnections, channel: string, connection: number): ConnectionTracker {
  return new ConnectionTracker({ run: 1, source: null, channel: `${channel}`, connection }, open.stalls, 1);
}

describe('open connections, found by channel and number', () => {
  test('the same number on two channels names two connections', () => {
    const open = new OpenConnections();
    const a = open.add(tracker(open, 'streaming-a', 1));
    const b = open.add(tracker(open, 'streaming-b', 1));
    assert.equal(open.get(['streaming', 'a'].join('-'), 1), a);
    assert.equal(open.get('streaming-b', 1), b);
    assert.equal(open.get('streaming-c', 1), undefined);
    assert.equal(open.get('streaming-a', 2), undefined);
    assert.equal(open.remove('streaming-a', 1), a);
    assert.equal(open.get('streaming-a', 1), undefined);
    assert.equal(open.get('streaming-b', 1), b);
    assert.equal(open.remove('streaming-a', 1), undefined);
    assert.equal(open.remove('streaming-b', 1), b);
    assert.equal(open.get('streaming-b', 1), undefined);
  });

  test('a connection added under a channel and number already followed takes its place', () => {
    const open = new OpenConnections();
    open.add(tracker(open, 'streaming-a', 1));
    const other = open.add(tracker(open, 'streaming-b', 1));
    const newer = open.add(tracker(open, 'streaming-a', 1));
    assert.equal(open.get('streaming-a', 1), newer);
    assert.equal(open.get('streaming-b', 1), other);
    assert.equal(open.remove('streaming-a', 1), newer);
    assert.equal(open.remove('streaming-a', 1), undefined);
  });

  test('opened connections are counted until they close or the run ends', () => {
    const open = new OpenConnections();
    const a = open.add(tracker(open, 'streaming-a', 1));
    a.open({ time: '2026-01-01T00:00:00.000Z', mono: 5, event: 'open', channel: 'streaming-a', conn: 1 }, null);
    open.opened(a);
    const b = open.add(tracker(open, 'streaming-b', 1));
    b.open({ time: '2026-01-01T00:00:00.000Z', mono: 6, event: 'open', channel: 'streaming-b', conn: 1 }, null);
    open.opened(b);
    assert.equal(open.countOpened(), 2);
    open.remove('streaming-a', 1);
    assert.equal(open.countOpened(), 1);
    assert.equal(open.clear(), 1);
    assert.equal(open.get('streaming-b', 1), undefined);
  });
});

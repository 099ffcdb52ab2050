import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveViewTracker, renderLiveView } from '../../src/cli/live-view.js';
import type { ProbeEvent } from '../../src/events/types.js';

const at = (mono: number): { time: string; mono: number } => ({ time: '2026-01-01T00:00:00.000Z', mono });

function closeAt(conn: number, mono: number, by: 'server' | 'probe' = 'server'): ProbeEvent {
  return { event: 'close', channel: 'c', conn, code: 1001, reason: 'idle timeout', clean: true, by, ...at(mono) };
}

/** Lane 1 opens at 1 s, gets heartbeats, is closed at 60 s and reconnects at 70 s; lane 2 never opens. */
function twoLanes(): LiveViewTracker {
  const tracker = new LiveViewTracker();
  const events: ProbeEvent[] = [
    { event: 'lane-start', lane: 1, keepalive: 'none', ...at(0) },
    { event: 'lane-start', lane: 2, keepalive: 'ping:5m', ...at(0) },
    { event: 'connecting', channel: 'c', conn: 1, lane: 1, keepalive: 'none', ...at(500) },
    { event: 'open', channel: 'c', conn: 1, ...at(1_000) },
    { event: 'connecting', channel: 'd', conn: 2, lane: 2, keepalive: 'ping:5m', ...at(500) },
    { event: 'heartbeat', channel: 'c', conn: 1, ...at(31_000) },
    closeAt(1, 60_000),
    { event: 'connecting', channel: 'c', conn: 3, lane: 1, ...at(65_000) },
    { event: 'open', channel: 'c', conn: 3, ...at(70_000) },
  ];
  for (const event of events) tracker.observe(event);
  return tracker;
}

describe('the live view of a run', () => {
  test('one line for the run, one per lane: state, last heartbeat, blind time; closures so far', () => {
    assert.deepEqual(renderLiveView(twoLanes(), 80_000, 1, 200), [
      'idleprobe 1m 20.0s · 1 closure · 1 heartbeat · blind 1m 31.0s',
      '  lane 1, keepalive none: open #3 · heartbeat 49.0s ago · blind 11.0s',
      '  lane 2, keepalive ping:5m: connecting #2 · no heartbeat yet · blind 1m 20.0s',
    ]);
  });

  test('durations read in scenario time; a closure by the probe itself is not counted', () => {
    const tracker = twoLanes();
    tracker.observe(closeAt(3, 80_000, 'probe'));
    const [run] = renderLiveView(tracker, 80_000, 60, 200);
    assert.equal(run, 'idleprobe 1h 20m 00.0s · 1 closure · 1 heartbeat · blind 1h 31m 00.0s');
  });

  test('every line stays within the width, cut with … and never reaching the last column', () => {
    for (const width of [20, 40, 80]) {
      const lines = renderLiveView(twoLanes(), 80_000, 1, width);
      assert.equal(lines.length, 3);
      for (const line of lines) assert.ok([...line].length <= width - 1, `${width}: ${line}`);
      if (width < 80)
        assert.ok(
          lines.some((line) => line.endsWith('…')),
          `${width}: cut`,
        );
    }
  });

  test('past four lanes, three are listed and the rest counted by state', () => {
    const tracker = new LiveViewTracker();
    for (let lane = 1; lane <= 20; lane += 1) {
      tracker.observe({ event: 'lane-start', lane, keepalive: 'none', ...at(0) });
      tracker.observe({ event: 'connecting', channel: `c${lane}`, conn: lane, lane, ...at(0) });
      if (lane % 4 !== 0) tracker.observe({ event: 'open', channel: `c${lane}`, conn: lane, ...at(100) });
    }
    const lines = renderLiveView(tracker, 1_000, 1, 120);
    assert.equal(lines.length, 5);
    assert.equal(lines[4], '  … 17 more lanes: 5 connecting, 12 open');
  });

  test('a lane that ended stops counting blind time', () => {
    const tracker = new LiveViewTracker();
    tracker.observe({ event: 'lane-start', lane: 1, keepalive: 'none', ...at(0) });
    tracker.observe({ event: 'lane-end', lane: 1, reason: 'failed', message: 'gave up', ...at(5_000) });
    assert.equal(
      renderLiveView(tracker, 60_000, 1, 200)[1],
      '  lane 1, keepalive none: ended · no heartbeat yet · blind 5.0s',
    );
  });
});

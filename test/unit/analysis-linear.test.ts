import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import { ConnectionTracker } from '../../src/analysis/connection-tracker.js';
import { scaleEvents } from '../support/scale-events.js';

/**
 * Counts every call of a ConnectionTracker method while a run is analysed: work that visits the open
 * connections for each event (the quadratic loops a soak's hundreds of thousands of never-closed
 * connections expose) shows up as calls growing with the square of the input. Counted, never timed.
 */
function trackerCalls(neverClosed: number): { calls: number; events: number } {
  const prototype = ConnectionTracker.prototype as unknown as Record<string, unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  let calls = 0;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
    const original = descriptor.value as (...args: unknown[]) => unknown;
    originals.set(name, original);
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      calls += 1;
      return original.apply(this, args);
    };
  }
  try {
    const analyzer = new ClosureAnalyzer();
    let events = 0;
    for (const event of scaleEvents({ closures: 400, neverClosed, channels: 20 })) {
      analyzer.push(event);
      events += 1;
    }
    analyzer.finish();
    return { calls, events };
  } finally {
    for (const [name, original] of originals) prototype[name] = original;
  }
}

test('connections left open cost the analysis the same work each, however many there are', () => {
  const small = trackerCalls(2_000);
  const large = trackerCalls(20_000);
  // Linear work: ten times the connections, about ten times the calls (the closures' share stays put).
  assert.ok(large.calls <= 11 * small.calls, `${small.calls} calls, then ${large.calls} for 10x the connections`);
  assert.ok(large.calls <= 4 * large.events, `${large.calls} calls for ${large.events} events`);
});

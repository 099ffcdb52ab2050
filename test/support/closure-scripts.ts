import assert from 'node:assert/strict';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import type { ClosureRow } from '../../src/analysis/summary.js';
import { type EventScript, script } from './event-builders.js';

/** A run that opened one channel at 0 and got heartbeats until `beatsUntil` (ms). */
export function opened(beatsUntil: number): EventScript {
  return script()
    .runStart()
    .at(0)
    .token()
    .channel()
    .open()
    .heartbeats(Math.floor(beatsUntil / 30_000));
}

/** The one closure row of a scripted run; fails the test when there is not exactly one. */
export function only(events: EventScript): ClosureRow {
  const rows = analyze(events.build()).closures;
  assert.equal(rows.length, 1, 'one closure');
  return rows[0] as ClosureRow;
}

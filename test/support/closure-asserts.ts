import assert from 'node:assert/strict';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import type { ClosureRow } from '../../src/analysis/summary.js';
import type { EventScript } from './event-builders.js';

/** The one closure the script's run had. */
export function onlyClosure(events: EventScript): ClosureRow {
  const rows = analyze(events.build()).closures;
  assert.equal(rows.length, 1, 'one closure');
  return rows[0] as ClosureRow;
}

/** The closure of one connection among the run's closures. */
export function closureOf(rows: ClosureRow[], connection: number): ClosureRow {
  const row = rows.find((candidate) => candidate.connection === connection);
  assert.ok(row, `a closure of connection ${connection}`);
  return row;
}

/** Cause and confidence as expected, each fact in the evidence, and the evidence one sentence. */
export function assertCause(row: ClosureRow, cause: string, confidence: string, ...facts: RegExp[]): void {
  assert.deepEqual([row.cause, row.confidence], [cause, confidence], row.evidence);
  for (const fact of facts) assert.match(row.evidence, fact);
  assert.equal(row.evidence.split(/\.\s+[A-Z]/).length, 1, `one sentence: ${row.evidence}`);
}

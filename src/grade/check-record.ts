import type { GradeRecord } from './journal-record.js';

/** The fields a journal line may carry with the type each must have, beyond the four every line has. */
const OPTIONAL: Record<string, 'string' | 'number'> = {
  client: 'string',
  socket: 'number',
  code: 'number',
  reason: 'string',
  by: 'string',
  detail: 'string',
  method: 'string',
  path: 'string',
  status: 'number',
  retryAfter: 'number',
  expiresInMs: 'number',
};

/**
 * Checks one parsed journal line (docs/test-bench.md, "The journal"): a record the grader can trust, or
 * what is wrong with it in words that continue "line N ...". Fields the grader does not read are left
 * alone, and so are kinds it does not know.
 */
export function checkJournalRecord(value: unknown): GradeRecord | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'is not a JSON object' };
  const line = value as Record<string, unknown>;
  if (typeof line.event === 'string' && line.kind === undefined)
    return {
      problem:
        'is an event of an idleprobe run log, not a simulator journal: grade reads what `idleprobe sim --journal FILE` wrote (use `idleprobe report` for run logs)',
    };
  if (typeof line.kind !== 'string') return { problem: 'has no string "kind"' };
  if (typeof line.channel !== 'string') return { problem: 'has no string "channel"' };
  for (const field of ['at', 'scenarioMs'] as const) {
    const number = line[field];
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0)
      return { problem: `has no "${field}" of zero or more milliseconds` };
  }
  for (const [field, type] of Object.entries(OPTIONAL)) {
    const given = line[field];
    if (given === undefined) continue;
    if (typeof given !== type || (type === 'number' && !Number.isFinite(given)))
      return { problem: `has a "${field}" that is not a ${type}` };
  }
  return line as unknown as GradeRecord;
}

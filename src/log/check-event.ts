import type { ProbeEvent } from '../events/types.js';
import { EVENT_FIELDS } from './event-fields.js';
import { type FieldRule, fieldProblem } from './field-rule.js';

/** What a parsed log line turned out to be. */
export type LineCheck =
  | { fits: true; event: ProbeEvent }
  /** An event, but of a kind this version does not know (a newer idleprobe wrote it). */
  | { fits: 'unknown kind'; kind: string }
  /** Not an event: what is wrong, naming the field, in words that continue "line N ...". */
  | { fits: false; problem: string };

const RULES = new Map<string, ReadonlyArray<readonly [string, FieldRule]>>(
  Object.entries(EVENT_FIELDS).map(([kind, fields]) => [kind, Object.entries(fields)]),
);

/**
 * Checks one parsed line against the event model: the fields every line has, then every field its kind
 * requires, each of the type the model gives it. Fields the model does not name are left alone (a later
 * version may add some). After this, the rest of the program can trust the event's type.
 */
export function checkLine(value: unknown): LineCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('is not a JSON object');
  const line = value as Record<string, unknown>;
  if (typeof line.event !== 'string') return invalid('has no string "event"');
  if (typeof line.time !== 'string') return invalid('has no string "time"');
  if (!Number.isFinite(line.mono)) return invalid('has no number "mono"');
  const rules = RULES.get(line.event);
  if (rules === undefined) return { fits: 'unknown kind', kind: line.event };
  for (const [field, rule] of rules) {
    const problem = fieldProblem(rule, line[field], field);
    if (problem !== null) return invalid(`is a "${line.event}" event ${problem}`);
  }
  return { fits: true, event: line as unknown as ProbeEvent };
}

function invalid(problem: string): LineCheck {
  return { fits: false, problem };
}

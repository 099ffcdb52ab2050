import { fitsAtAGlance } from './common-kinds.js';
import { EVENT_FIELDS } from './event-fields.js';
import { type FieldRule, fieldProblem, MAX_LOGGED_MS } from './field-rule.js';

/**
 * The stamps a line may carry, wider than any run: every duration is a difference of two `mono` values and
 * every date printed comes from `time`, so a value outside these (a `mono` of 1e308, a month 13) would make
 * nonsense or a crash downstream rather than a report.
 */
const EARLIEST_WALL_MS = 0;
const LATEST_WALL_MS = Date.UTC(10_000, 0, 1);
const MAX_MONO_MS = MAX_LOGGED_MS;

/** The minute of the last `time` found to fit (`2026-01-01T00:00:`), or '' before any. */
let fittingMinute = '';

const DIGIT_0 = 0x30;
const DIGIT_5 = 0x35;
const DIGIT_9 = 0x39;
const POINT = 0x2e;
const ZULU = 0x5a;

/**
 * Whether a 24-character stamp ends in `SS.mmmZ` with seconds 00 to 59, as the event log writes it: looked at
 * a character at a time, since slicing the string and matching a pattern costs more than the check.
 */
function secondsOfMinuteFit(time: string): boolean {
  const tens = time.charCodeAt(17);
  return (
    tens >= DIGIT_0 &&
    tens <= DIGIT_5 &&
    isDigit(time.charCodeAt(18)) &&
    time.charCodeAt(19) === POINT &&
    isDigit(time.charCodeAt(20)) &&
    isDigit(time.charCodeAt(21)) &&
    isDigit(time.charCodeAt(22)) &&
    time.charCodeAt(23) === ZULU
  );
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/**
 * Whether a `time` is an ISO 8601 date within the years the stamps may hold. A log's lines come a few per
 * second, so most fall in the minute of the line before: such a stamp needs only its seconds looked at,
 * and `Date.parse` (a visible share of reading a long log) runs once a minute of log. Only the exact
 * layout the event log writes takes the short way; anything else is parsed in full.
 */
function wallTimeFits(time: string): boolean {
  if (time.length === 24 && fittingMinute !== '' && time.startsWith(fittingMinute)) return secondsOfMinuteFit(time);
  const wall = Date.parse(time);
  if (!(wall >= EARLIEST_WALL_MS && wall < LATEST_WALL_MS)) return false;
  // Hour 24 is taken only as 24:00:00.000, so that minute is never one whose other seconds fit.
  if (time.length === 24 && !time.startsWith('24', 11) && secondsOfMinuteFit(time)) fittingMinute = time.slice(0, 17);
  return true;
}

/** Why a parsed log line is not passed on as an event. */
export type LineRejection =
  /** An event, but of a kind this version does not know (a newer idleprobe wrote it). */
  | { unknownKind: string }
  /** Not an event: what is wrong, naming the field, in words that continue "line N ...". */
  | { problem: string };

/** One kind's fields and their rules, as parallel arrays: this runs for every line of a log. */
interface KindRules {
  fields: string[];
  rules: FieldRule[];
}

const RULES = new Map<string, KindRules>(
  Object.entries(EVENT_FIELDS).map(([kind, fields]) => [
    kind,
    { fields: Object.keys(fields), rules: Object.values<FieldRule>(fields) },
  ]),
);

/**
 * Checks one parsed line against the event model: the fields every line has, then every field its kind
 * requires, each of the type the model gives it. Fields the model does not name are left alone (a later
 * version may add some). Null means the line is a `ProbeEvent`, and the rest of the program can trust it.
 */
export function rejectLine(value: unknown): LineRejection | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'is not a JSON object' };
  const line = value as Record<string, unknown>;
  if (typeof line.event !== 'string') return { problem: 'has no string "event"' };
  if (typeof line.time !== 'string') return { problem: 'has no string "time"' };
  if (!wallTimeFits(line.time))
    return { problem: 'has a "time" that is not an ISO 8601 date between the years 1970 and 9999' };
  if (!Number.isFinite(line.mono)) return { problem: 'has no number "mono"' };
  if (!((line.mono as number) >= 0 && (line.mono as number) <= MAX_MONO_MS))
    return { problem: 'has a "mono" that is not between 0 and a century of milliseconds' };
  if (fitsAtAGlance(line, line.event)) return null;
  return rejectByRules(line, line.event);
}

/**
 * The check of a line's own fields by its kind's rules, once the fields every line has are known to fit:
 * null when they fit, else what is wrong. Exported so a test can hold `fitsAtAGlance` to it.
 */
export function rejectByRules(line: Record<string, unknown>, event: string): LineRejection | null {
  const kind = RULES.get(event);
  if (kind === undefined) return { unknownKind: event };
  const { fields, rules } = kind;
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i] as string;
    const rule = rules[i] as FieldRule;
    const value = line[field];
    // Most fields are a plain value that fits: only one with fields of its own, or one that does not fit,
    // is looked at more closely.
    if (rule.inner === undefined && rule.accepts(value)) continue;
    const problem = fieldProblem(rule, value, field);
    if (problem !== null) return { problem: `is a "${event}" event ${problem}` };
  }
  return null;
}

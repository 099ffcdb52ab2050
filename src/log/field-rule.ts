/**
 * What one field of a logged event must hold: the kind of value (`accepts`), and for an object or a list,
 * what its own fields must hold (`inner`). A message names the field by its path (`tls.chain[0].subject`)
 * and what it should have been, never the value: a file read by mistake may hold secrets.
 */
export interface FieldRule {
  /** How a message names what was expected: `a string`, `server, network, watchdog or probe`. */
  readonly expected: string;
  /** True when `expected` lists the allowed values rather than naming a kind of value. */
  readonly choices?: boolean;
  accepts(value: unknown): boolean;
  /** What is wrong inside an accepted object or list, or null. */
  inner?(value: unknown, path: string): string | null;
}

/** What is wrong with `value` as the field at `path`, or null when it fits. */
export function fieldProblem(rule: FieldRule, value: unknown, path: string): string | null {
  if (!rule.accepts(value)) {
    if (value !== undefined) return `whose "${path}" is not ${rule.expected}`;
    return rule.choices ? `without a "${path}" (${rule.expected})` : `without ${rule.expected} "${path}"`;
  }
  return rule.inner ? rule.inner(value, path) : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const aString: FieldRule = { expected: 'a string', accepts: (value) => typeof value === 'string' };
/** JSON has no NaN, but `1e999` parses as Infinity: a logged number is always finite. */
export const aNumber: FieldRule = { expected: 'a number', accepts: Number.isFinite };
/**
 * The longest span a log can hold: a century, in milliseconds. A line's `mono` (check-event.ts) and every
 * duration it carries are held to it where they are read, so an absurd value (a hand-edited `mono` or
 * `windowMs` of 1e308) is refused with the line's number instead of reaching the analysis, whose sums and
 * scalings would turn it into Infinity. A century is far past any run, and exact in a double to the microsecond.
 */
export const MAX_LOGGED_MS = 100 * 365.25 * 24 * 3_600_000;
export const aDuration: FieldRule = {
  expected: 'a number of milliseconds within a century',
  accepts: (value) => Number.isFinite(value) && Math.abs(value as number) <= MAX_LOGGED_MS,
};
/**
 * The fastest time scale any idleprobe has written into a log (`--time-scale` once went up to 100000, before
 * MAX_TIME_SCALE): a run's durations are its `mono` gaps times this, so a huge one is refused where it is read.
 */
export const MAX_LOGGED_TIME_SCALE = 100_000;
export const aTimeScale: FieldRule = {
  expected: `a positive number up to ${MAX_LOGGED_TIME_SCALE}`,
  accepts: (value) => Number.isFinite(value) && (value as number) > 0 && (value as number) <= MAX_LOGGED_TIME_SCALE,
};
export const aBoolean: FieldRule = { expected: 'a boolean', accepts: (value) => typeof value === 'boolean' };
export const anObject: FieldRule = { expected: 'an object', accepts: isPlainObject };
/** A field the model types as `unknown` (a message body): it must be there, whatever it holds. */
export const anyValue: FieldRule = { expected: 'a value', accepts: (value) => value !== undefined };

/** One of a closed set of strings, given as `{ a: true, b: true }` so that a type argument makes the set complete. */
export function oneOf<T extends string>(allowed: Readonly<Record<T, true>>): FieldRule {
  const values = new Set<string>(Object.keys(allowed));
  const names = [...values];
  return {
    expected: `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`,
    choices: true,
    accepts: (value) => typeof value === 'string' && values.has(value),
  };
}

export function optional(rule: FieldRule): FieldRule {
  return {
    ...rule,
    accepts: (value) => value === undefined || rule.accepts(value),
    inner: (value, path) => (value === undefined || !rule.inner ? null : rule.inner(value, path)),
  };
}

export function nullable(rule: FieldRule): FieldRule {
  return {
    ...rule,
    expected: `${rule.expected} or null`,
    accepts: (value) => value === null || rule.accepts(value),
    inner: (value, path) => (value === null || !rule.inner ? null : rule.inner(value, path)),
  };
}

/** An object with these fields; others are tolerated (later versions may add some). */
export function shape(expected: string, fields: Readonly<Record<string, FieldRule>>): FieldRule {
  const entries = Object.entries(fields);
  return {
    expected,
    accepts: isPlainObject,
    inner: (value, path) => {
      const object = value as Record<string, unknown>;
      for (const [name, rule] of entries) {
        const problem = fieldProblem(rule, object[name], `${path}.${name}`);
        if (problem !== null) return problem;
      }
      return null;
    },
  };
}

export function listOf(expected: string, item: FieldRule): FieldRule {
  return {
    expected,
    accepts: Array.isArray,
    inner: (value, path) => {
      for (const [index, entry] of (value as unknown[]).entries()) {
        const problem = fieldProblem(item, entry, `${path}[${index}]`);
        if (problem !== null) return problem;
      }
      return null;
    },
  };
}

/** An object whose every value fits `item`. Its keys are never named in a message: they are the line's content. */
export function mapOf(expected: string, item: FieldRule): FieldRule {
  return {
    expected,
    accepts: (value) => isPlainObject(value) && Object.values(value).every((entry) => item.accepts(entry)),
  };
}

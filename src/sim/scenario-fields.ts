import * as v from 'valibot';
import { parseDuration } from '../clock/time-text.js';

/**
 * The fields a scenario file is made of, as valibot schemas. Each field says in words what it must be,
 * and the words are the error a file gets when it is wrong: `must be <words>, not <what the file holds>`,
 * or `is missing (<words>)`. Durations may be milliseconds or text like "15m" and come out in milliseconds.
 */

type Message = (issue: v.BaseIssue<unknown>) => string;

const mustBe =
  (description: string): Message =>
  (issue) =>
    `must be ${description}, not ${JSON.stringify(issue.input)}`;

const TEXT = 'a non-empty string';
const DURATION = 'a duration in milliseconds or text like "15m"';
const INTERVAL = 'an interval above 0, in milliseconds or text like "30s"';

export function text() {
  const message = mustBe(TEXT);
  return v.pipe(
    v.string(message),
    v.check((value) => value.trim() !== '', message),
    v.description(TEXT),
  );
}

export function flag() {
  const description = 'true or false';
  return v.pipe(v.boolean(mustBe(description)), v.description(description));
}

/** A close code a server can put in a close frame (RFC 6455: 1000 to 4999). */
export const closeCode = () => wholeNumber('a WebSocket close code from 1000 to 4999', 1000, 4999);
/** The error statuses a REST fault may answer with. */
export const errorStatus = () => wholeNumber('an HTTP status from 400 to 599', 400, 599);
export const count = () => wholeNumber('a whole number above 0', 1);
export const byteSize = () => wholeNumber('a size in bytes above 0', 1);

/** A moment or a span that may be zero: counted from when a connection opened. */
export const duration = () => milliseconds(DURATION, 0);
/** A span between two repetitions, which must be above zero. */
export const interval = () => milliseconds(INTERVAL, 1);
export const durationOrNull = () => orNull(milliseconds(`${DURATION}, or null`, 0));
export const intervalOrNull = () => orNull(milliseconds(`${INTERVAL}, or null`, 1));
export const countOrNull = () => orNull(wholeNumber('a whole number above 0, or null', 1));

/** One of a few words, e.g. `basis`: `must be one of documented, observed, assumed`. */
export function oneOf<const T extends readonly string[]>(options: T) {
  const description = `one of ${options.join(', ')}`;
  return v.pipe(v.picklist(options, `must be ${description}`), v.description(description));
}

/** A JSON array of `item`; `description` says what the list holds when it is not a list at all. */
export function listOf<const T extends v.GenericSchema>(item: T, description: string) {
  return v.pipe(v.array(item, `must be ${description}`), v.description(description));
}

/**
 * A JSON object with exactly these fields: every missing one and every stray one is a mistake of its own
 * (valibot's strictObject would report only the first stray field of an object, so a file would take one
 * pass per stray field to fix).
 */
export function fields<const E extends v.ObjectEntries>(entries: E): v.ObjectSchema<E, undefined> {
  const names = Object.keys(entries).join(', ');
  const schema = v.objectWithRest(entries, v.never(`is not a field here (fields: ${names})`), (issue) => {
    if (issue.expected === 'Object') return 'must be a JSON object';
    const key = issue.path?.at(-1)?.key;
    const field = typeof key === 'string' ? entries[key] : undefined;
    return `is missing (${field ? v.getDescription(field) : 'required'})`;
  });
  // A rest of `never` admits no field beyond the entries, so what passes is exactly the plain object's
  // output; typed as that, the inferred Scenario carries no index signature.
  return schema as unknown as v.ObjectSchema<E, undefined>;
}

/** `fields` with a `kind` that names which of several shapes an item of a list has. */
export function kind<const K extends string, const E extends v.ObjectEntries>(name: K, entries: E) {
  return fields({ kind: v.literal(name), ...entries });
}

/** An item that is one of the `kind`s; an unknown kind is reported with the kinds there are. */
export function oneKindOf<const O extends readonly ReturnType<typeof kind>[]>(options: O) {
  const kinds = options.map((option) => option.entries.kind.literal).join(', ');
  return v.variant('kind', options, (issue) => {
    if (issue.expected === 'Object') return 'must be a JSON object';
    const got = issue.input === undefined ? '' : ` (got ${JSON.stringify(issue.input)})`;
    return `must be one of ${kinds}${got}`;
  });
}

function wholeNumber(description: string, least: number, most = Number.MAX_SAFE_INTEGER) {
  const message = mustBe(description);
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(least, message),
    v.maxValue(most, message),
    v.description(description),
  );
}

function milliseconds(description: string, least: number) {
  const message = mustBe(description);
  return v.pipe(
    v.union([v.number(), v.string()], message),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const ms = typeof dataset.value === 'number' ? dataset.value : parsedDuration(dataset.value);
      if (ms !== undefined && Number.isFinite(ms) && ms >= least) return ms;
      addIssue({ message });
      return NEVER;
    }),
    v.description(description),
  );
}

function orNull<const T extends v.GenericSchema>(schema: T) {
  return v.pipe(v.nullable(schema), v.description(v.getDescription(schema) ?? ''));
}

function parsedDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

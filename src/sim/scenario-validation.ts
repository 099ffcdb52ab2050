import { parseDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';
import type { Scenario } from './scenario.js';

/** How one field is checked: durations are milliseconds or text like "15m"; `?` marks optional fields. */
type FieldType =
  | 'duration'
  | 'duration|null'
  | 'interval'
  | 'interval|null'
  | 'code'
  | 'text'
  | 'boolean'
  | 'count'
  | 'count|null'
  | 'status'
  | 'bytes';
type Fields = Record<string, FieldType | `${FieldType}?`>;

const SCENARIO_FIELDS: Fields = {
  name: 'text',
  summary: 'text',
  hypothesis: 'text',
  heartbeatIntervalMs: 'interval',
  topicEventIntervalMs: 'interval|null',
};
const CLOSE_RULE_FIELDS: Record<string, Fields> = {
  'client-silence': { afterMs: 'duration', code: 'code', reason: 'text', countControlFrames: 'boolean' },
  'max-age': { afterMs: 'duration', code: 'code', reason: 'text' },
  maintenance: { afterMs: 'duration', warningLeadMs: 'duration|null', code: 'code', reason: 'text' },
  drop: { afterMs: 'duration' },
  'half-open': { afterMs: 'duration' },
  'token-expiry': { code: 'code?', reason: 'text?' },
  'token-idle': { afterMs: 'duration', code: 'code', reason: 'text' },
  evict: { afterMs: 'duration', notice: 'boolean', code: 'code?', reason: 'text?' },
  'second-socket': { afterMs: 'duration', code: 'code?', reason: 'text?' },
};
const FAULT_FIELDS: Record<string, Fields> = {
  'non-json': { afterMs: 'duration', repeatMs: 'interval|null?', text: 'text' },
  binary: { afterMs: 'duration', repeatMs: 'interval|null?', bytes: 'bytes' },
  oversized: { afterMs: 'duration', repeatMs: 'interval|null?', bytes: 'bytes' },
  burst: { afterMs: 'duration', repeatMs: 'interval|null?', count: 'count' },
  'rest-error': { path: 'text', status: 'status', count: 'count|null' },
  'rest-slow': { path: 'text', delayMs: 'duration', count: 'count|null' },
};
const BASES = ['documented', 'observed', 'assumed'];
const INTERMEDIARY_FIELDS: Fields = { name: 'text?', idle: 'text', afterMs: 'interval', cut: 'text' };
const IDLE_KINDS: readonly string[] = ['client-to-server', 'either-direction', 'age'];
const CUT_KINDS: readonly string[] = ['reset', 'black-hole'];

/**
 * Checks a scenario read from JSON and returns it with every duration in milliseconds. Every mistake
 * found becomes one line of the error, naming where it is and what would be right, so a person fixes
 * the file in one pass.
 */
export function validateScenario(value: unknown, source: string): Scenario {
  const problems: string[] = [];
  const skip = ['closeRules', 'faults', 'basis', 'deniedTopics', 'intermediary'];
  const out = checkObject(
    value,
    '',
    {
      ...SCENARIO_FIELDS,
      basis: 'text',
      closeRules: 'text',
      faults: 'text?',
      deniedTopics: 'text?',
      intermediary: 'text?',
    },
    problems,
    skip,
  );
  if (out) {
    const input = value as Record<string, unknown>;
    if (!BASES.includes(input.basis as string)) problems.push(`basis: must be one of ${BASES.join(', ')}`);
    else out.basis = input.basis;
    out.closeRules = checkList(input.closeRules, 'closeRules', CLOSE_RULE_FIELDS, problems, true);
    if (input.faults !== undefined) out.faults = checkList(input.faults, 'faults', FAULT_FIELDS, problems, false);
    if (input.deniedTopics !== undefined) out.deniedTopics = checkDeniedTopics(input.deniedTopics, problems);
    if (input.intermediary !== undefined) out.intermediary = checkIntermediary(input.intermediary, problems);
  }
  if (problems.length > 0) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_SIM',
      `The scenario in ${source} has ${problems.length === 1 ? 'a mistake' : `${problems.length} mistakes`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return out as unknown as Scenario;
}

function checkDeniedTopics(value: unknown, problems: string[]): unknown[] {
  if (!Array.isArray(value)) {
    problems.push('deniedTopics: must be a list of {"topic","permission"}');
    return [];
  }
  return value.map((item, index) =>
    checkObject(item, `deniedTopics[${index}].`, { topic: 'text', permission: 'text' }, problems, []),
  );
}

/** null (no intermediary) or one relay: what it counts as idle, how long, and how it cuts. */
function checkIntermediary(value: unknown, problems: string[]): unknown {
  if (value === null) return null;
  const out = checkObject(value, 'intermediary.', INTERMEDIARY_FIELDS, problems, ['idle', 'cut']);
  if (!out) return undefined;
  const input = value as Record<string, unknown>;
  for (const [key, allowed] of [
    ['idle', IDLE_KINDS],
    ['cut', CUT_KINDS],
  ] as const) {
    if (allowed.includes(input[key] as string)) out[key] = input[key];
    else problems.push(`intermediary.${key}: must be one of ${allowed.join(', ')}`);
  }
  return out;
}

function checkList(
  value: unknown,
  where: string,
  kinds: Record<string, Fields>,
  problems: string[],
  required: boolean,
): unknown[] {
  if (!Array.isArray(value)) {
    if (required || value !== undefined) problems.push(`${where}: must be a list (use [] for none)`);
    return [];
  }
  return value.map((item, index) => {
    const at = `${where}[${index}]`;
    const kind = item && typeof item === 'object' ? (item as Record<string, unknown>).kind : undefined;
    const fields = typeof kind === 'string' ? kinds[kind] : undefined;
    if (!fields) {
      problems.push(
        `${at}.kind: must be one of ${Object.keys(kinds).join(', ')}${kind === undefined ? '' : ` (got ${JSON.stringify(kind)})`}`,
      );
      return undefined;
    }
    const checked = checkObject(item, `${at}.`, { ...fields, kind: 'text' }, problems, []);
    return checked;
  });
}

function checkObject(
  value: unknown,
  prefix: string,
  fields: Fields,
  problems: string[],
  skip: string[],
): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${prefix || 'the file'}: must be a JSON object`);
    return undefined;
  }
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!(key in fields))
      problems.push(`${prefix}${key}: is not a field here (fields: ${Object.keys(fields).join(', ')})`);
  }
  for (const [key, spec] of Object.entries(fields)) {
    if (skip.includes(key)) continue;
    const optional = spec.endsWith('?');
    const type = spec.replace('?', '') as FieldType;
    if (input[key] === undefined) {
      if (!optional) problems.push(`${prefix}${key}: is missing (${describe(type)})`);
      continue;
    }
    const checked = checkField(input[key], type);
    if (checked.ok) out[key] = checked.value;
    else problems.push(`${prefix}${key}: ${checked.problem}`);
  }
  return out;
}

type Checked = { ok: true; value: unknown } | { ok: false; problem: string };

function checkField(value: unknown, type: FieldType): Checked {
  const bad = (): Checked => ({ ok: false, problem: `must be ${describe(type)}, not ${JSON.stringify(value)}` });
  if (value === null) return type.endsWith('|null') ? { ok: true, value: null } : bad();
  switch (type.replace('|null', '')) {
    case 'duration':
    case 'interval': {
      const ms = typeof value === 'number' ? value : typeof value === 'string' ? tryDuration(value) : undefined;
      const least = type.startsWith('interval') ? 1 : 0;
      return ms !== undefined && Number.isFinite(ms) && ms >= least ? { ok: true, value: ms } : bad();
    }
    case 'code':
      return Number.isInteger(value) && (value as number) >= 1000 && (value as number) <= 4999
        ? { ok: true, value }
        : bad();
    case 'status':
      return Number.isInteger(value) && (value as number) >= 400 && (value as number) <= 599
        ? { ok: true, value }
        : bad();
    case 'count':
    case 'bytes':
      return Number.isInteger(value) && (value as number) > 0 ? { ok: true, value } : bad();
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : bad();
    default:
      return typeof value === 'string' && value.trim() !== '' ? { ok: true, value } : bad();
  }
}

function tryDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

function describe(type: FieldType): string {
  const base = {
    duration: 'a duration in milliseconds or text like "15m"',
    interval: 'an interval above 0, in milliseconds or text like "30s"',
    code: 'a WebSocket close code from 1000 to 4999',
    status: 'an HTTP status from 400 to 599',
    count: 'a whole number above 0',
    bytes: 'a size in bytes above 0',
    boolean: 'true or false',
    text: 'a non-empty string',
  }[type.replace('|null', '')] as string;
  return type.endsWith('|null') ? `${base}, or null` : base;
}

import * as v from 'valibot';
import { closeCode, duration, fields, flag, interval, text } from './scenario-fields.js';

/** Every action a trigger may take, as the control endpoint's contract spells them. */
export const TRIGGER_ACTIONS = [
  'maintenance',
  'close',
  'evict',
  'expire',
  'revoke-token',
  'idle-token',
  'half-open',
  'reset',
  'refuse',
  'throttle',
] as const;

export type TriggerAction = (typeof TRIGGER_ACTIONS)[number];

/** Which channel a trigger acts on: one id, or every channel. */
export const ALL_CHANNELS = '*';

const TARGET = 'a channel id, or "*" for every channel';

function target() {
  return v.pipe(text(), v.description(TARGET));
}

function wholeSeconds() {
  const description = 'a whole number of seconds, 0 or more';
  const message = (issue: v.BaseIssue<unknown>) => `must be ${description}, not ${JSON.stringify(issue.input)}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(0, message), v.description(description));
}

function throttleStatus() {
  const description = '429 or 503';
  return v.pipe(
    v.union([v.literal(429), v.literal(503)], (issue) => `must be ${description}, not ${JSON.stringify(issue.input)}`),
    v.description(description),
  );
}

/**
 * The options of each action; durations are scenario time, in milliseconds or text like "30s". Optional
 * ones have the defaults docs/test-bench.md gives (applied in triggers.ts).
 */
const OPTIONS = {
  /** `lead`: from the socket_closing warning to the close (default 1 min, as documented). */
  maintenance: { lead: v.optional(duration()), code: v.optional(closeCode()), reason: v.optional(text()) },
  close: { code: v.optional(closeCode()), reason: v.optional(v.string()) },
  /** `notice`: send `no_longer_subscribed` first (default true). */
  evict: { notice: v.optional(flag()) },
  expire: {},
  /** `closeSockets`: close the sockets of the token's channels (default true). */
  'revoke-token': { closeSockets: v.optional(flag()) },
  'idle-token': {},
  'half-open': {},
  reset: {},
  refuse: { for: interval() },
  /** `retryAfter` defaults to the seconds left of `for`. */
  throttle: { status: v.optional(throttleStatus()), retryAfter: v.optional(wholeSeconds()), for: interval() },
} as const satisfies Record<TriggerAction, v.ObjectEntries>;

/** One action's schema with the fields every trigger has, and `extra` (a timeline adds `at`). */
function action<const A extends TriggerAction, const X extends v.ObjectEntries>(name: A, extra: X) {
  return fields({ ...extra, action: v.literal(name), channel: target(), ...OPTIONS[name] });
}

/** A trigger, with `extra` fields; an unknown action is reported with the actions there are. */
function triggerVariant<const X extends v.ObjectEntries>(extra: X) {
  return v.variant(
    'action',
    [
      action('maintenance', extra),
      action('close', extra),
      action('evict', extra),
      action('expire', extra),
      action('revoke-token', extra),
      action('idle-token', extra),
      action('half-open', extra),
      action('reset', extra),
      action('refuse', extra),
      action('throttle', extra),
    ],
    (issue) => {
      if (issue.expected === 'Object') return 'must be a JSON object';
      const got = issue.input === undefined ? '' : ` (got ${JSON.stringify(issue.input)})`;
      return `must be one of ${TRIGGER_ACTIONS.join(', ')}${got}`;
    },
  );
}

/** The control endpoint's body: `{"action": ACTION, "channel": ID or "*", ...options}`. */
export const triggerSchema = triggerVariant({});

/** One step of a scenario's timeline: a trigger and `at`, scenario time from the simulator's start. */
export const timelineStepSchema = triggerVariant({ at: duration() });

export type Trigger = v.InferOutput<typeof triggerSchema>;
export type TimelineStep = v.InferOutput<typeof timelineStepSchema>;

/** A trigger from JSON, or every mistake in it as one line each (`for: must be ...`). */
export function parseTrigger(value: unknown): { ok: true; trigger: Trigger } | { ok: false; problem: string } {
  // valibot takes an array for an object.
  if (Array.isArray(value)) return { ok: false, problem: 'the body must be a JSON object' };
  const result = v.safeParse(triggerSchema, value, { abortPipeEarly: true });
  if (result.success) return { ok: true, trigger: result.output };
  const problems = result.issues.map((issue) => {
    const key = issue.path?.map((item) => String(item.key)).join('.');
    return key ? `${key}: ${issue.message}` : `the body ${issue.message}`;
  });
  return { ok: false, problem: problems.join('; ') };
}

/** The options of a trigger: everything but the action, the channel and a timeline's `at`. */
export function triggerOptions(trigger: Trigger | TimelineStep): Record<string, unknown> {
  const { action: _action, channel: _channel, ...options } = trigger as Trigger & { at?: number };
  delete (options as { at?: number }).at;
  return options;
}

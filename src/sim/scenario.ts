import * as v from 'valibot';
import { intermediarySchema } from './intermediary.js';
import {
  byteSize,
  closeCode,
  count,
  countOrNull,
  duration,
  durationOrNull,
  errorStatus,
  fields,
  flag,
  interval,
  intervalOrNull,
  kind,
  listOf,
  oneKindOf,
  oneOf,
  text,
} from './scenario-fields.js';
import { deniedTopicSchema } from './topic-permissions.js';
import { timelineStepSchema } from './trigger-schema.js';

/**
 * How the service ends a connection. Every `afterMs` is measured from the moment the socket opened,
 * except client-silence, which counts from the last client frame that counts.
 */
const closeRuleSchema = oneKindOf([
  kind('client-silence', { afterMs: duration(), code: closeCode(), reason: text(), countControlFrames: flag() }),
  kind('max-age', { afterMs: duration(), code: closeCode(), reason: text() }),
  /** Closes at `afterMs`; the socket_closing warning comes `warningLeadMs` earlier, or never when null. */
  kind('maintenance', { afterMs: duration(), warningLeadMs: durationOrNull(), code: closeCode(), reason: text() }),
  /** Destroys the TCP connection without a close frame: the client sees 1006. */
  kind('drop', { afterMs: duration() }),
  /** Stops sending anything (heartbeats, events, pongs) without closing: a half-open path. */
  kind('half-open', { afterMs: duration() }),
  /** Closes when the token that created the channel expires (code and reason default to the policy's). */
  kind('token-expiry', { code: v.optional(closeCode()), reason: v.optional(text()) }),
  /**
   * The org's idle token timeout (Genesys: 5 min to 8 h, 15 min or less with HIPAA): a user's token that
   * makes no API call for `afterMs` expires (401 afterwards), and the sockets of the channels it created
   * close with this code and reason. Whether and how the real service closes them is assumed.
   */
  kind('token-idle', { afterMs: duration(), code: closeCode(), reason: text() }),
  /**
   * Removes the channel at `afterMs`, as a 21st channel created elsewhere would: HEAD answers 404 and the
   * socket closes. `notice` first sends `v2.system.no_longer_subscribed.{channelId}`.
   */
  kind('evict', { afterMs: duration(), notice: flag(), code: v.optional(closeCode()), reason: v.optional(text()) }),
  /** Another client connects to the same channel at `afterMs`, which disconnects this one. */
  kind('second-socket', { afterMs: duration(), code: v.optional(closeCode()), reason: v.optional(text()) }),
]);

/**
 * Socket faults happen at a connection age (`afterMs`) and again every `repeatMs` when it is set; REST
 * faults hit requests whose path contains `path`, at most `count` times (null: every time).
 */
const faultSchema = oneKindOf([
  kind('non-json', { afterMs: duration(), repeatMs: v.optional(intervalOrNull()), text: text() }),
  kind('binary', { afterMs: duration(), repeatMs: v.optional(intervalOrNull()), bytes: byteSize() }),
  kind('oversized', { afterMs: duration(), repeatMs: v.optional(intervalOrNull()), bytes: byteSize() }),
  kind('burst', { afterMs: duration(), repeatMs: v.optional(intervalOrNull()), count: count() }),
  kind('rest-error', { path: text(), status: errorStatus(), count: countOrNull() }),
  kind('rest-slow', { path: text(), delayMs: duration(), count: countOrNull() }),
]);

/**
 * A scenario is data: how the simulated notification service behaves on one WebSocket connection. Each
 * one stands for one hypothesis of docs/scenarios.md about why a socket closes, so a probe run against it
 * shows what the evidence of that cause looks like. All durations are scenario time (what the real
 * service would take); the simulator divides them by its time scale. Scenario files are checked against
 * this schema (scenario-validation.ts), and the Scenario type is what it lets through.
 */
export const scenarioSchema = v.pipe(
  // valibot takes an array for an object; a list of scenarios in one file is a likely mistake.
  v.custom<unknown>((value) => !Array.isArray(value), 'must be a JSON object'),
  fields({
    name: text(),
    /** One line, for `idleprobe scenarios`. */
    summary: text(),
    /** Which closure cause of the closure-causes page this scenario stands for. */
    hypothesis: text(),
    /** How sure we are that the real service behaves like this (protocol.md's markers). */
    basis: oneOf(['documented', 'observed', 'assumed']),
    /** Scenario time between heartbeats; the documented 30 s in every built-in. */
    heartbeatIntervalMs: interval(),
    /** Scenario time between events on subscribed topics; null sends none. */
    topicEventIntervalMs: intervalOrNull(),
    closeRules: listOf(closeRuleSchema, 'a list of close rules, [] for none'),
    /** Misbehaviour on top of the close rules: odd frames on the socket, failing or slow REST calls. */
    faults: v.optional(listOf(faultSchema, 'a list of faults, [] for none')),
    /** Topics the token may not subscribe to: `Rejected` with `missingPermissions`, 403 without ignoreErrors. */
    deniedTopics: v.optional(listOf(deniedTopicSchema, 'a list of {"topic","permission"}')),
    /** A proxy, load balancer or NAT between client and service, cutting connections on its own timer. */
    intermediary: v.optional(v.nullable(intermediarySchema)),
    /**
     * Triggers fired at set moments, scenario time from the simulator's start, as the control endpoint
     * fires them: `[{"at": "5m", "action": "maintenance", "channel": "*"}]` (docs/test-bench.md).
     */
    timeline: v.optional(listOf(timelineStepSchema, 'a list of {"at", "action", "channel", ...options}')),
    /**
     * Channels per user and OAuth client before a new one evicts the oldest; the documented 20 when absent.
     * Raised to hold many sockets in one process (bench/hold-channels.ts); no real org allows it.
     */
    channelLimit: v.optional(count()),
  }),
);

export type Scenario = v.InferOutput<typeof scenarioSchema>;
export type CloseRule = v.InferOutput<typeof closeRuleSchema>;
export type Fault = v.InferOutput<typeof faultSchema>;

import type { ClosedBy, EventName, EventOf, LaneEndReason, RunEndReason, Stamp } from '../events/types.js';
import { isCloseCode } from '../protocol/close-codes.js';
import {
  aBoolean,
  aDuration,
  aNumber,
  anObject,
  anyValue,
  aString,
  aTimeScale,
  type FieldRule,
  listOf,
  mapOf,
  nullable,
  oneOf,
  optional,
  shape,
} from './field-rule.js';

/** The fields of one kind of event beyond the ones every line has. */
type FieldsOf<N extends EventName> = Exclude<keyof EventOf<N>, 'event' | keyof Stamp>;

/**
 * Every event kind of the model (src/events/types.ts) and a rule for each of its fields. The type makes
 * this table follow the model: a kind or a field added there and missing here, or one named here that the
 * model does not have, fails the build. Optional fields may be absent; when present they must fit.
 */
type EventFieldRules = { readonly [N in EventName]: Readonly<Record<FieldsOf<N>, FieldRule>> };

const channel = aString;
const conn = aNumber;
/** `app` also when absent (types.ts): the kind of a ping or pong. */
const frameKind = optional(oneOf<NonNullable<EventOf<'pong'>['kind']>>({ app: true, ws: true }));

/** Two bytes on the wire: a code of 1e300 or -7.5 is no close code, and would print as one. */
const aCloseCode: FieldRule = { expected: 'a close code (a whole number from 0 to 65535)', accepts: isCloseCode };

const topicResult = shape('a topic result', { id: aString, state: aString, rejectionReason: optional(aString) });
const proxy = shape('a proxy (url, connectStatus)', { url: aString, connectStatus: nullable(aNumber) });
const tls = shape('a TLS summary (version, cipher, alpn, chain, publicCa)', {
  version: nullable(aString),
  cipher: nullable(aString),
  alpn: nullable(aString),
  chain: listOf(
    'a list of certificates',
    shape('a certificate (subject, issuer)', { subject: aString, issuer: aString }),
  ),
  publicCa: nullable(aBoolean),
});

export const EVENT_FIELDS: EventFieldRules = {
  'run-start': { version: aString, options: anObject, timeScale: aTimeScale, target: aString },
  token: {
    grant: oneOf<EventOf<'token'>['grant']>({ client_credentials: true, provided: true }),
    renewed: optional(aBoolean),
    expiresAt: nullable(aString),
    expiresInMs: nullable(aDuration),
  },
  'token-idle': {
    idlesAt: nullable(aString),
    idleTimeoutMs: nullable(aDuration),
    idleTimeoutEnabled: nullable(aBoolean),
  },
  'token-expiring': { expiresAt: aString, inMs: aDuration },
  clamp: {
    what: oneOf<EventOf<'clamp'>['what']>({ 'retry-after': true, 'expires-in': true }),
    // What the service gave is logged as given, however absurd: that is the point of the event.
    givenMs: aNumber,
    usedMs: aDuration,
    lane: optional(aNumber),
  },
  user: { user: aString },
  channel: { channel, expires: aString, connectUri: aString },
  subscribe: { channel, topics: listOf('a list of topic results', topicResult) },
  channels: { existing: aNumber, limit: aNumber, planned: aNumber, allowEviction: aBoolean },
  'lane-start': { lane: aNumber, keepalive: aString },
  'lane-end': { lane: aNumber, reason: oneOf<LaneEndReason>({ done: true, failed: true }), message: optional(aString) },
  connecting: { channel, conn, keepalive: optional(aString), lane: optional(aNumber) },
  open: { channel, conn, keepalive: optional(aString) },
  path: {
    channel,
    conn,
    resolved: nullable(listOf('a list of addresses', aString)),
    localAddress: nullable(aString),
    localPort: nullable(aNumber),
    remoteAddress: nullable(aString),
    remotePort: nullable(aNumber),
    proxy: nullable(proxy),
    tls: nullable(tls),
    upgradeHeaders: mapOf('an object of header strings', aString),
    clockSkewMs: nullable(aDuration),
    pac: optional(shape('a PAC choice (source, returned)', { source: aString, returned: aString })),
  },
  resumed: { channel, conn, previousConn: aNumber, lossWindowMs: aDuration },
  heartbeat: { channel, conn },
  pong: { channel, conn, kind: frameKind, rttMs: nullable(aDuration) },
  ping: { channel, conn, kind: frameKind, payload: aString },
  'channel-check': { channel, conn, exists: aBoolean },
  resubscribe: { channel, topics: aNumber, expires: nullable(aString) },
  health: { windowMs: aDuration, loopDelayP50Ms: aDuration, loopDelayP99Ms: aDuration, loopDelayMaxMs: aDuration },
  'clock-jump': { wallDeltaMs: aDuration, monoDeltaMs: aDuration, jumpMs: aDuration },
  warning: { channel, conn, topic: aString, body: anyValue },
  system: { channel, conn, topic: aString, body: anyValue },
  notification: { channel, conn, topic: aString, bytes: aNumber },
  frame: {
    channel,
    conn,
    kind: oneOf<EventOf<'frame'>['kind']>({ text: true, binary: true, control: true }),
    bytes: aNumber,
    note: aString,
  },
  close: {
    channel,
    conn,
    code: aCloseCode,
    reason: aString,
    clean: aBoolean,
    by: oneOf<ClosedBy>({ server: true, network: true, watchdog: true, probe: true }),
    error: optional(aString),
    violation: optional(aString),
    inferred: optional(aBoolean),
  },
  watchdog: { channel, conn, silentMs: aDuration, limitMs: aDuration },
  reconnect: {
    channel,
    conn,
    attempt: aNumber,
    delayMs: aDuration,
    target: oneOf<EventOf<'reconnect'>['target']>({ same: true, new: true }),
    lane: optional(aNumber),
  },
  error: {
    code: aString,
    message: aString,
    channel: optional(aString),
    conn: optional(aNumber),
    stack: optional(aString),
    lane: optional(aNumber),
    cause: optional(aString),
  },
  'run-end': {
    reason: oneOf<RunEndReason>({ duration: true, closures: true, signal: true, error: true }),
    closures: aNumber,
  },
};

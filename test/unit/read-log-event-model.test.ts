import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import type { EventName, EventOf, ProbeEvent } from '../../src/events/types.js';
import { readEventLog } from '../../src/log/read-log.js';
import { CHANNEL } from '../support/event-builders.js';

type Body<N extends EventName> = Omit<EventOf<N>, 'event' | 'time' | 'mono'>;

/** One event of every kind, every field filled in (optional ones too), so each field can be taken away. */
const SAMPLES: { [N in EventName]: Body<N> } = {
  'run-start': { version: '0.1.0', options: { auth: 'token' }, timeScale: 60, target: 'simulator' },
  token: { grant: 'client_credentials', renewed: true, expiresAt: '2026-01-02T00:00:00.000Z', expiresInMs: 86_400_000 },
  'token-idle': { idlesAt: '2026-01-01T01:00:00.000Z', idleTimeoutMs: 3_600_000, idleTimeoutEnabled: true },
  'token-expiring': { expiresAt: '2026-01-01T01:00:00.000Z', inMs: 60_000 },
  clamp: { what: 'retry-after', givenMs: 99_999_999_999_000, usedMs: 600_000, lane: 1 },
  user: { user: 'u1' },
  channel: { channel: CHANNEL, expires: '2026-01-02T00:00:00.000Z', connectUri: `wss://streaming.example/${CHANNEL}` },
  subscribe: { channel: CHANNEL, topics: [{ id: 'v2.users.u1.presence', state: 'Rejected', rejectionReason: 'no' }] },
  channels: { existing: 3, limit: 20, planned: 1, allowEviction: false },
  'lane-start': { lane: 2, keepalive: 'ping:30s' },
  'lane-end': { lane: 2, reason: 'failed', message: 'WebSocket upgrade answered HTTP 503' },
  connecting: { channel: CHANNEL, conn: 1, keepalive: 'ping:30s', lane: 2 },
  open: { channel: CHANNEL, conn: 1, keepalive: 'ping:30s' },
  path: {
    channel: CHANNEL,
    conn: 1,
    resolved: ['192.0.2.7'],
    localAddress: '10.0.0.2',
    localPort: 50_123,
    remoteAddress: '192.0.2.7',
    remotePort: 443,
    proxy: { url: 'http://proxy.example:3128', connectStatus: 200 },
    tls: {
      version: 'TLSv1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      alpn: 'http/1.1',
      chain: [{ subject: 'CN=streaming.example', issuer: 'CN=Example CA' }],
      publicCa: true,
    },
    upgradeHeaders: { upgrade: 'websocket' },
    clockSkewMs: -12,
  },
  resumed: { channel: CHANNEL, conn: 2, previousConn: 1, lossWindowMs: 1_500 },
  heartbeat: { channel: CHANNEL, conn: 1 },
  pong: { channel: CHANNEL, conn: 1, kind: 'app', rttMs: 41.5 },
  ping: { channel: CHANNEL, conn: 1, kind: 'ws', payload: '' },
  'channel-check': { channel: CHANNEL, conn: 1, exists: false },
  resubscribe: { channel: CHANNEL, topics: 2, expires: '2026-01-02T00:00:00.000Z' },
  health: { windowMs: 60_000, loopDelayP50Ms: 1, loopDelayP99Ms: 4, loopDelayMaxMs: 9 },
  'clock-jump': { wallDeltaMs: 70_000, monoDeltaMs: 60_000, jumpMs: 10_000 },
  warning: { channel: CHANNEL, conn: 1, topic: 'v2.system.socket_closing', body: {} },
  system: { channel: CHANNEL, conn: 1, topic: 'v2.system.token_revoked', body: { systemTopicType: 'token_revoked' } },
  notification: { channel: CHANNEL, conn: 1, topic: 'v2.users.u1.presence', bytes: 210 },
  frame: { channel: CHANNEL, conn: 1, kind: 'control', bytes: 0, note: 'RFC 6455 ping' },
  close: {
    channel: CHANNEL,
    conn: 1,
    code: 1006,
    reason: '',
    clean: false,
    by: 'network',
    error: 'ECONNRESET',
    violation: 'a close frame with code 5000',
    inferred: true,
  },
  watchdog: { channel: CHANNEL, conn: 1, silentMs: 91_000, limitMs: 90_000 },
  reconnect: { channel: CHANNEL, conn: 1, attempt: 1, delayMs: 500, target: 'same', lane: 2 },
  error: {
    code: 'IDLEPROBE_ERR_AUTH',
    message: 'refused',
    channel: CHANNEL,
    conn: 1,
    lane: 2,
    cause: 'HTTP 401',
  },
  'run-end': { reason: 'signal', closures: 0 },
};

/** The fields src/events/types.ts marks optional (`?`): a line may leave them out. */
const OPTIONAL = new Set([
  'token.renewed',
  'connecting.keepalive',
  'connecting.lane',
  'lane-end.message',
  'open.keepalive',
  'pong.kind',
  'ping.kind',
  'close.error',
  'close.violation',
  'close.inferred',
  'error.channel',
  'error.conn',
  'error.lane',
  'reconnect.lane',
  'error.cause',
  'clamp.lane',
]);

const STAMP = { time: '2026-01-01T12:00:00.000Z', mono: 1_000 };

function line(event: string, body: Record<string, unknown>): string {
  return JSON.stringify({ level: 'info', ...STAMP, event, ...body });
}

async function readAll(text: string, onWarning?: (message: string) => void): Promise<ProbeEvent[]> {
  const events: ProbeEvent[] = [];
  for await (const event of readEventLog(Readable.from([text]), 'run.ndjson', { onWarning })) events.push(event);
  return events;
}

async function rejection(text: string): Promise<string> {
  return readAll(text).then(
    () => assert.fail('the line was accepted'),
    (error: Error) => {
      assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_LOG_PARSE'), String(error));
      return error.message;
    },
  );
}

const KINDS = Object.entries(SAMPLES) as Array<[EventName, Record<string, unknown>]>;

describe('the log reader holds every line to the event model', () => {
  test('a whole event of every kind reads back as written, extra fields included', async () => {
    const events = await readAll(`${KINDS.map(([kind, body]) => line(kind, body)).join('\n')}\n`);
    assert.deepEqual(
      events,
      KINDS.map(([event, body]) => ({ level: 'info', ...STAMP, event, ...body })),
    );
  });

  for (const [kind, body] of KINDS) {
    for (const field of Object.keys(body)) {
      const without = Object.fromEntries(Object.entries(body).filter(([name]) => name !== field));
      if (OPTIONAL.has(`${kind}.${field}`)) {
        test(`a "${kind}" without its optional "${field}" is read`, async () => {
          assert.equal((await readAll(line(kind, without))).length, 1);
        });
      } else {
        test(`a "${kind}" without "${field}" is rejected, naming the field`, async () => {
          const message = await rejection(line(kind, without));
          assert.ok(message.includes(`run.ndjson line 1 is a "${kind}" event without `), message);
          assert.ok(message.includes(`"${field}"`), message);
        });
      }
      // A message body may hold anything; every other field has a type to break.
      if (field === 'body') continue;
      test(`a "${kind}" whose "${field}" has the wrong type is rejected, naming the field`, async () => {
        const wrongType = typeof body[field] === 'string' ? 42 : 'wrong';
        const message = await rejection(line(kind, { ...body, [field]: wrongType }));
        assert.ok(message.includes(`line 1 is a "${kind}" event whose "${field}" is not `), message);
      });
    }
  }

  test('a field inside an object or a list is named by its path', async () => {
    const path = SAMPLES.path;
    const badChain = { ...path, tls: { ...path.tls, chain: [{ subject: 7, issuer: 'CN=Example CA' }] } };
    assert.match(await rejection(line('path', badChain)), /whose "tls\.chain\[0\]\.subject" is not a string/);
    const badTopic = { ...SAMPLES.subscribe, topics: [{ id: 'v2.users.u1.presence' }] };
    assert.match(await rejection(line('subscribe', badTopic)), /without a string "topics\[0\]\.state"/);
    const badProxy = { ...path, proxy: { url: 'http://proxy.example:3128', connectStatus: '200' } };
    assert.match(await rejection(line('path', badProxy)), /whose "proxy\.connectStatus" is not a number or null/);
  });

  test('nullable fields take null, and nothing else that is not their type', async () => {
    const nulls = { ...SAMPLES.path, resolved: null, proxy: null, tls: null, clockSkewMs: null };
    assert.equal((await readAll(line('path', nulls))).length, 1);
    assert.match(await rejection(line('path', { ...nulls, tls: [] })), /whose "tls" is not a TLS summary .* or null/);
  });

  test('a closed set of values admits only its members', async () => {
    const message = await rejection(line('reconnect', { ...SAMPLES.reconnect, target: 'elsewhere' }));
    assert.match(message, /whose "target" is not same or new/);
    assert.doesNotMatch(message, /elsewhere/, 'the value itself is never quoted');
  });

  test('a number too large for a double (Infinity once parsed) is not a number', async () => {
    const text = line('pong', SAMPLES.pong).replace('41.5', '1e999');
    assert.match(await rejection(text), /whose "rttMs" is not a number of milliseconds within a century or null/);
  });

  test('a time scale must be positive: every duration of the run is multiplied by it', async () => {
    const message = await rejection(line('run-start', { ...SAMPLES['run-start'], timeScale: 0 }));
    assert.match(message, /whose "timeScale" is not a positive number/);
  });

  test('a header that is not a string is reported without naming the header', async () => {
    const message = await rejection(line('path', { ...SAMPLES.path, upgradeHeaders: { 'x-secret-name': 1 } }));
    assert.match(message, /whose "upgradeHeaders" is not an object of header strings/);
    assert.doesNotMatch(message, /x-secret-name/);
  });

  test('events of a kind this version does not know are skipped, with one warning per kind', async () => {
    const warnings: string[] = [];
    const text = [
      line('open', SAMPLES.open),
      line('token-refresh', {}),
      line('heartbeat', SAMPLES.heartbeat),
      line('token-refresh', { extra: 1 }),
      line('AbCdEf0123456789secret', {}),
    ].join('\n');
    const events = await readAll(text, (message) => warnings.push(message));
    assert.deepEqual(
      events.map((e) => e.event),
      ['open', 'heartbeat'],
    );
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', /^run\.ndjson line 2: "token-refresh" is not an event .* its 2 lines were skipped/);
    assert.match(warnings[1] ?? '', /^run\.ndjson line 5: its "event" is not an event .* that line was skipped/);
    assert.doesNotMatch(warnings[1] ?? '', /secret/, 'a kind that does not look like one is not quoted');
  });

  test('a file full of unknown kinds is summed up rather than listed', async () => {
    const warnings: string[] = [];
    const kinds = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    await readAll(kinds.map((kind) => line(kind, {})).join('\n'), (message) => warnings.push(message));
    assert.equal(warnings.length, 4);
    assert.match(warnings[3] ?? '', /^run\.ndjson: 3 more lines of 3 other unknown event kinds were skipped too\.$/);
  });
});

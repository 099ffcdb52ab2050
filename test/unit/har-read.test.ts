import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';
import { sniffLogFormat } from '../../src/har/detect-log-format.js';
import { eventForMessage } from '../../src/har/har-message.js';
import { readHar } from '../../src/har/read-har.js';
import { CHANNEL } from '../support/event-builders.js';

const T0 = Date.UTC(2026, 2, 4, 9, 0, 0) / 1000;
const HEARTBEAT = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });

function beats(from: number, count: number): Array<{ type: string; time: number; opcode: number; data: string }> {
  return Array.from({ length: count }, (_, i) => ({
    type: 'receive',
    time: from + 30 * (i + 1),
    opcode: 1,
    data: HEARTBEAT,
  }));
}

/** What Chrome's "Save all as HAR" writes for a page whose notification socket closed and reconnected. */
function har(): string {
  const socket = (started: number, messages: unknown[]) => ({
    startedDateTime: new Date(started * 1000).toISOString(),
    request: { method: 'GET', url: `wss://streaming.mypurecloud.ie/channels/${CHANNEL}` },
    response: { status: 101 },
    _resourceType: 'websocket',
    _webSocketMessages: messages,
  });
  return JSON.stringify(
    {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector' },
        entries: [
          {
            startedDateTime: new Date(T0 * 1000).toISOString(),
            request: { url: 'https://api.mypurecloud.ie/api/v2/notifications/channels' },
            response: { status: 200 },
          },
          socket(T0, [
            ...beats(T0, 10),
            { type: 'send', time: T0 + 301, opcode: 1, data: '{"message":"ping"}' },
            {
              type: 'receive',
              time: T0 + 301.05,
              opcode: 1,
              data: JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } }),
            },
            {
              type: 'receive',
              time: T0 + 320,
              opcode: 1,
              data: JSON.stringify({ topicName: 'v2.users.u1.presence', eventBody: { presenceDefinition: {} } }),
            },
            ...beats(T0 + 300, 19),
          ]),
          socket(T0 + 900.5, [
            ...beats(T0 + 900.5, 2),
            {
              type: 'receive',
              time: T0 + 990,
              opcode: 1,
              data: JSON.stringify({ topicName: 'v2.system.socket_closing', eventBody: {} }),
            },
          ]),
          {
            ...socket(T0 + 60, [{ type: 'receive', time: T0 + 61, opcode: 1, data: HEARTBEAT }]),
            request: { url: 'wss://example.com/other' },
          },
        ],
      },
    },
    null,
    2,
  );
}

describe('a HAR exported from Chrome is read as the same events', () => {
  test('is told from an event log by its content, whatever its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-har-'));
    try {
      writeFileSync(join(dir, 'session.txt'), har());
      writeFileSync(
        join(dir, 'run.har'),
        '{"level":"info","time":"2026-01-01T00:00:00.000Z","mono":0,"event":"run-start"}\n',
      );
      assert.equal((await sniffLogFormat(createReadStream(join(dir, 'session.txt')))).format, 'har');
      assert.equal((await sniffLogFormat(createReadStream(join(dir, 'run.har')))).format, 'ndjson');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('turns frames into heartbeats, pings, pongs, notifications and warnings of numbered connections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-har-'));
    try {
      writeFileSync(join(dir, 'a.har'), har());
      const events = await readHar(createReadStream(join(dir, 'a.har')), 'a.har');
      const count = (name: string, conn?: number) =>
        events.filter((e) => e.event === name && (conn === undefined || ('conn' in e && e.conn === conn))).length;
      assert.equal(events[0]?.event, 'run-start');
      assert.deepEqual(
        [count('open', 1), count('open', 2), count('heartbeat', 1), count('heartbeat', 2)],
        [1, 1, 29, 2],
      );
      assert.deepEqual([count('ping'), count('pong'), count('notification'), count('warning')], [1, 1, 1, 1]);
      assert.equal(count('open'), 2, 'the socket to another host is not a notification channel');
      const close = events.find((e) => e.event === 'close');
      assert.equal(close?.mono, 870_000, 'the first connection is taken to end at its last frame');
      assert.ok(
        events.every((e, i) => i === 0 || e.mono >= (events[i - 1]?.mono ?? 0)),
        'in time order',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a connection whose close a HAR cannot hold is unexplained, and the last one stays open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-har-'));
    try {
      writeFileSync(join(dir, 'a.har'), har());
      const summary = await summarizeLogs([join(dir, 'a.har')]);
      assert.equal(summary.closures.length, 1);
      const [row] = summary.closures;
      assert.equal(row?.cause, 'unexplained');
      assert.match(row?.evidence ?? '', /holds no close/);
      assert.equal(row?.signals.closeObserved, false);
      assert.equal(summary.openAtEnd, 1);
      assert.equal(summary.target, 'browser HAR (streaming.mypurecloud.ie)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a HAR without a notification socket says how to record one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-har-'));
    try {
      writeFileSync(join(dir, 'a.har'), '{"log":{"entries":[]}}');
      await assert.rejects(
        readHar(createReadStream(join(dir, 'a.har')), 'a.har'),
        /holds no notification WebSocket.*Save all as HAR/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a frame in a HAR means what it means on a live socket', () => {
  const received = (data: string, opcode = 1) =>
    eventForMessage({ type: 'receive', time: T0, opcode, data }, CHANNEL, 1);

  test('an unknown channel.metadata message is an odd frame, not a topic event', () => {
    const data = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'hello' } });
    assert.deepEqual(received(data), {
      event: 'frame',
      channel: CHANNEL,
      conn: 1,
      kind: 'text',
      bytes: Buffer.byteLength(data),
      note: 'channel.metadata message "hello"',
    });
  });

  test('only the exact socket_closing topic is the maintenance warning', () => {
    assert.equal(received(JSON.stringify({ topicName: 'v2.system.socket_closing', eventBody: {} })).event, 'warning');
    assert.equal(received(JSON.stringify({ topicName: 'v2.system.socket_closing.x', eventBody: {} })).event, 'system');
  });

  test('a pong has no known round trip, and a binary frame is a binary frame', () => {
    assert.deepEqual(received(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } })), {
      event: 'pong',
      channel: CHANNEL,
      conn: 1,
      kind: 'app',
      rttMs: null,
    });
    assert.equal((received('AAEC', 2) as { kind?: string }).kind, 'binary');
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveJournalView } from '../../src/cli/sim-live-line.js';
import type { SimRecord } from '../../src/sim/journal.js';

const CHANNEL = 'streaming-0-fmtdmf8cdis7jh14udg5p89t6z';
const WALL = Date.parse('2026-11-30T10:15:00.250Z');

const record = (fields: Partial<SimRecord> & Pick<SimRecord, 'kind'>): SimRecord => ({
  at: 0,
  scenarioMs: 3_723_000,
  channel: CHANNEL,
  client: '6e1d0c1a-1111-4222-8333-444455556666',
  ...fields,
});

test('a record is one line: wall time, scenario time, client, what happened; channel ids shortened', () => {
  const view = new LiveJournalView();
  assert.equal(
    view.line(record({ kind: 'open', socket: 3 }), WALL),
    '10:15:00.250 +01:02:03 6e1d0c1a      #3 …p89t6z socket opened',
  );
  assert.equal(
    view.line(
      record({
        kind: 'rest',
        method: 'HEAD',
        path: `/api/v2/notifications/channels/${CHANNEL}`,
        status: 429,
        retryAfter: 30,
      }),
      WALL,
    ),
    '10:15:00.250 +01:02:03 6e1d0c1a      HEAD /api/v2/notifications/channels/…p89t6z -> 429 (Retry-After 30s)',
  );
  assert.match(
    view.line(
      record({ kind: 'trigger', channel: '*', client: '', action: 'maintenance', detail: 'key: warned 1 socket' }),
      WALL,
    ) ?? '',
    / - {13}TRIGGER maintenance \*: key: warned 1 socket$/,
  );
});

test('heartbeats are not lines of their own but are counted on the line that ends their socket', () => {
  const view = new LiveJournalView();
  for (let i = 0; i < 3; i++) assert.equal(view.line(record({ kind: 'heartbeat', socket: 2 }), WALL), null);
  assert.equal(view.line(record({ kind: 'heartbeat', socket: 5 }), WALL), null);
  assert.match(
    view.line(
      record({ kind: 'close', socket: 2, code: 1001, reason: 'idle', by: 'server', detail: 'rule:client-silence' }),
      WALL,
    ) ?? '',
    /#2 …p89t6z closed 1001 "idle" by server \(rule:client-silence\), after 3 heartbeats$/,
  );
  assert.match(
    view.line(record({ kind: 'drop', socket: 5, detail: 'trigger:reset' }), WALL) ?? '',
    /after 1 heartbeat$/,
  );
});

test('a line never passes the terminal width, and is whole where there is no width', () => {
  const view = new LiveJournalView();
  const long = record({ kind: 'notification', socket: 1, detail: 'v2.users.x.presence'.repeat(20) });
  const line = view.line(long, WALL, 60);
  assert.equal(line?.length, 60);
  assert.ok(line?.endsWith('…'));
  assert.ok(view.line(long, WALL)?.endsWith('presence'));
});

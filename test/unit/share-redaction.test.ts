import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redactor } from '../../src/share/redactor.js';
import { writeShare } from '../../src/share/write-share.js';
import { CHANNEL, script } from '../support/event-builders.js';

const USER = '3f9a2c1e-1111-4222-8333-444455556666';
const ORG = '9b8c7d6e-aaaa-4bbb-8ccc-ddddeeeeffff';
const QUEUE = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const CONVERSATION = 'c0ffee00-1234-4567-89ab-cdef01234567';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXNlY3JldA';
const OPAQUE_TOKEN = 'Zm9vYmFyYmF6cXV4LXNlY3JldC10b2tlbg';
const EMAIL = 'agent.smith@example.com';
const PHONE = '+13175551234';
const CONNECT_URI = `wss://streaming.mypurecloud.ie/channels/${CHANNEL}`;

const SECRETS = [
  USER,
  ORG,
  QUEUE,
  CONVERSATION,
  JWT,
  OPAQUE_TOKEN,
  EMAIL,
  PHONE,
  CHANNEL,
  CONNECT_URI,
  'fmtdmf8cdis7jh14udg5p89t6z',
];

/** A log that carries every kind of identifier and secret a real one might, in every place it might. */
function secretLog(): string {
  const lines = script()
    .runStart(1, `mypurecloud.ie org ${ORG}`)
    .at(0)
    .push({ event: 'user', user: USER })
    .push({ event: 'channel', channel: CHANNEL, expires: '2026-01-02T12:00:00.000Z', connectUri: CONNECT_URI })
    .push({
      event: 'subscribe',
      channel: CHANNEL,
      topics: [
        { id: `v2.users.${USER}.presence`, state: 'Permitted' },
        {
          id: `v2.routing.queues.${QUEUE}.conversations`,
          state: 'Rejected',
          rejectionReason: `no access for ${EMAIL}`,
        },
      ],
    })
    .open()
    .heartbeats(3)
    .push({
      event: 'system',
      channel: CHANNEL,
      conn: 1,
      topic: `v2.system.token_revoked.${CHANNEL}`,
      body: {
        access_token: OPAQUE_TOKEN,
        note: `Authorization: Bearer ${JWT}`,
        conversationId: CONVERSATION,
        ani: `tel:${PHONE}`,
        orgId: ORG,
      },
    })
    .after(500)
    .close({ reason: `token of ${EMAIL} revoked` })
    .push({ event: 'error', code: 'IDLEPROBE_ERR_AUTH', message: `401 for ${USER} on ${CONNECT_URI} with ${JWT}` })
    .runEnd('closures', 1)
    .ndjson();
  // A run killed mid-write leaves a cut-off last line; it must be redacted too.
  return `${lines}{"level":"info","event":"notification","channel":"${CHANNEL}","note":"${OPAQUE_TOKEN.slice(0, 10)}`;
}

describe('--share writes a summary and redacted logs that hold no secret and no identifier', () => {
  test('a HAR saved by the browser (one pretty-printed document) is shared as its redacted events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-share-har-'));
    try {
      const t0 = Date.UTC(2026, 2, 4, 9, 0, 0) / 1000;
      const receive = (time: number, body: unknown) => ({
        type: 'receive',
        time,
        opcode: 1,
        data: JSON.stringify(body),
      });
      const harText = JSON.stringify(
        {
          log: {
            version: '1.2',
            entries: [
              {
                startedDateTime: new Date(t0 * 1000).toISOString(),
                request: { method: 'GET', url: CONNECT_URI },
                response: { status: 101 },
                _resourceType: 'websocket',
                _webSocketMessages: [
                  receive(t0 + 30, { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }),
                  receive(t0 + 40, { topicName: `v2.users.${USER}.presence`, eventBody: { email: EMAIL } }),
                  receive(t0 + 60, { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }),
                ],
              },
            ],
          },
        },
        null,
        2,
      );
      writeFileSync(join(dir, 'agent.har'), harText);
      await writeShare([join(dir, 'agent.har')], join(dir, 'out'));
      const summary = readFileSync(join(dir, 'out', 'summary.md'), 'utf8');
      assert.match(summary, /1 connection, 2 heartbeats/);
      for (const name of readdirSync(join(dir, 'out'))) {
        const text = readFileSync(join(dir, 'out', name), 'utf8');
        for (const secret of [CHANNEL, USER, EMAIL, CONNECT_URI])
          assert.ok(!text.includes(secret), `${secret} in ${name}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no secret or identifier of the source appears anywhere in the share folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-share-'));
    try {
      writeFileSync(join(dir, 'run.ndjson'), secretLog());
      const result = await writeShare([join(dir, 'run.ndjson')], join(dir, 'out'));
      assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['run.redacted.ndjson', 'summary.md', 'timeline.svg']);
      assert.equal(result.written.length, 3);
      for (const name of readdirSync(join(dir, 'out'))) {
        const text = readFileSync(join(dir, 'out', name), 'utf8');
        for (const secret of [...SECRETS, OPAQUE_TOKEN.slice(0, 10)]) {
          assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${name} holds ${secret}`);
        }
      }
      const summary = readFileSync(join(dir, 'out', 'summary.md'), 'utf8');
      assert.match(summary, /token \(high\)/, 'the summary of the redacted log still explains the closure');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the same identifier gets the same tag on every line, and different ones different tags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-share-'));
    try {
      writeFileSync(join(dir, 'run.ndjson'), secretLog());
      await writeShare([join(dir, 'run.ndjson')], join(dir, 'out'), { salt: 'fixed' });
      const log = readFileSync(join(dir, 'out', 'run.redacted.ndjson'), 'utf8');
      const users = new Set(log.match(/user-[0-9a-f]{6}/g));
      assert.equal(users.size, 1, 'one user, one tag');
      assert.ok((log.match(new RegExp([...users][0] as string, 'g')) ?? []).length >= 3, 'on several lines');
      assert.equal(new Set(log.match(/channel-[0-9a-f]{6}/g)).size, 1);
      assert.match(log, /queue-[0-9a-f]{6}/);
      assert.match(log, /conversation-[0-9a-f]{6}/);
      assert.match(log, /org-[0-9a-f]{6}/);
      assert.match(
        log,
        /wss:\/\/streaming\.mypurecloud\.ie\/channels\/channel-[0-9a-f]{6}/,
        'the region stays, the channel id goes',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('tags are salted per share, so a known id cannot be looked up by hashing it', () => {
    assert.notEqual(new Redactor().text(USER), new Redactor().text(USER));
    assert.equal(new Redactor('s').text(USER), new Redactor('s').text(USER));
  });

  test('durations, counts and times are left alone', () => {
    assert.deepEqual(
      new Redactor('s').value({ mono: 1234.5, code: 1001, time: '2026-01-01T12:00:00.000Z', bytes: 3175551234 }),
      { mono: 1234.5, code: 1001, time: '2026-01-01T12:00:00.000Z', bytes: 3175551234 },
    );
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LaneNotices } from '../../src/cli/lane-notices.js';
import type { ProbeEvent, ProbeEventBody } from '../../src/events/types.js';
import { CHANNEL } from '../support/event-builders.js';

const at = (body: ProbeEventBody): ProbeEvent => ({ ...body, time: '2026-01-01T12:00:00.000Z', mono: 0 }) as ProbeEvent;
const failed = (lane: number, cause: string): ProbeEvent =>
  at({ event: 'error', code: 'IDLEPROBE_ERR_CHANNEL', message: `refused (${cause}).`, lane, cause });
const retried = (lane: number): ProbeEvent =>
  at({ event: 'reconnect', channel: CHANNEL, conn: 1, attempt: 2, delayMs: 1_000, target: 'same', lane });

test('a lane that cannot connect is named once per streak, when it retries', () => {
  const notices = new LaneNotices();
  const said = (event: ProbeEvent): string | null => notices.notice(event);
  assert.equal(said(failed(2, 'HTTP 503')), null, 'not before the lane decides to retry');
  assert.equal(
    said(retried(2)),
    'lane 2 cannot connect (HTTP 503): refused (HTTP 503). Retrying with backoff; the summary counts the time it is blind.',
  );
  assert.equal(said(failed(2, 'HTTP 503')), null);
  assert.equal(said(retried(2)), null, 'the same streak goes on');
  said(at({ event: 'connecting', channel: CHANNEL, conn: 3, keepalive: 'none', lane: 2 }));
  said(at({ event: 'open', channel: CHANNEL, conn: 3, keepalive: 'none' }));
  said(failed(2, 'ECONNREFUSED'));
  assert.match(said(retried(2)) ?? '', /^lane 2 cannot connect \(ECONNREFUSED\)/, 'a new streak after it connected');
});

test('a reconnect after a closure, or a failure the lane does not retry, says nothing', () => {
  const notices = new LaneNotices();
  assert.equal(notices.notice(retried(1)), null);
  assert.equal(notices.notice(failed(1, 'HTTP 401')), null);
  assert.equal(
    notices.notice(at({ event: 'lane-end', lane: 1, reason: 'failed', message: 'the token idled out' })),
    null,
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noticeFor, renderStatus, StatusTracker } from '../../src/cli/status-line.js';
import type { ProbeEvent } from '../../src/events/types.js';

const at = (mono: number): { time: string; mono: number } => ({ time: '2026-01-01T00:00:00.000Z', mono });

test('the status line follows the connection through heartbeats and a closure', () => {
  const tracker = new StatusTracker();
  const events: ProbeEvent[] = [
    { event: 'connecting', channel: 'c', conn: 1, ...at(10) },
    { event: 'open', channel: 'c', conn: 1, ...at(20) },
    { event: 'heartbeat', channel: 'c', conn: 1, ...at(30_020) },
    { event: 'heartbeat', channel: 'c', conn: 1, ...at(60_020) },
  ];
  for (const e of events) tracker.observe(e);
  assert.equal(
    renderStatus(tracker.state, 72_020, 1),
    '1m 12.0s · open #1 · 2 heartbeats, last 12.0s ago · 0 closures',
  );
  tracker.observe({
    event: 'close',
    channel: 'c',
    conn: 1,
    code: 1001,
    reason: 'idle timeout',
    clean: true,
    by: 'server',
    ...at(80_000),
  });
  assert.match(renderStatus(tracker.state, 81_000, 1), /waiting #1 .* 1 closure$/);
});

test('a closure the probe caused itself is not counted', () => {
  const tracker = new StatusTracker();
  tracker.observe({
    event: 'close',
    channel: 'c',
    conn: 1,
    code: 1000,
    reason: '',
    clean: true,
    by: 'probe',
    ...at(5),
  });
  assert.equal(tracker.state.closures, 0);
});

test('under a time scale the status line reads in scenario time', () => {
  const tracker = new StatusTracker();
  tracker.observe({ event: 'heartbeat', channel: 'c', conn: 1, ...at(500) });
  assert.equal(
    renderStatus(tracker.state, 1_000, 60),
    '1m 00.0s · starting · 1 heartbeat, last 30.0s ago · 0 closures',
  );
});

test('a token about to idle out interrupts the status with a notice; other events do not', () => {
  const notice = noticeFor({ event: 'token-expiring', expiresAt: '2026-11-27T10:15:00.000Z', inMs: 60_000, ...at(1) });
  assert.match(notice ?? '', /idle out at 10:15:00 UTC/);
  assert.equal(noticeFor({ event: 'heartbeat', channel: 'c', conn: 1, ...at(2) }), null);
});

test('a Retry-After or token lifetime idleprobe cut is shown once, saying what it does instead', () => {
  assert.equal(
    noticeFor({ ...at(0), event: 'clamp', what: 'retry-after', givenMs: 999_999_000, usedMs: 600_000, lane: 2 }),
    'the service asked to retry after 277h 46m 39.0s (lane 2); waiting 10m 00.0s instead, the longest idleprobe waits before trying again.',
  );
  assert.match(
    noticeFor({ ...at(0), event: 'clamp', what: 'retry-after', givenMs: Number.MAX_VALUE, usedMs: 600_000 }) ?? '',
    /^the service asked to retry after a figure too large to read; waiting 10m 00.0s/,
  );
  assert.equal(
    noticeFor({ ...at(0), event: 'clamp', what: 'expires-in', givenMs: 99_999_999_999_000, usedMs: 172_800_000 }),
    'the login service gave the token a lifetime of 27777777h 46m 39.0s, which no OAuth client has; renewing it as one of 48h 00m 00.0s.',
  );
});

test('a call the run cannot start without, failing for now, is said as it is retried', () => {
  const message = 'GET /api/v2/users/me to api.example failed: no complete reply within 30 s (...).';
  assert.equal(
    noticeFor({ ...at(0), event: 'error', code: 'IDLEPROBE_ERR_NETWORK', message, cause: 'timeout' }),
    `${message} Retrying with backoff.`,
  );
  // A lane's failed attempts have their own notice (lane-notices.ts); the run's last error is printed at its end.
  assert.equal(
    noticeFor({ ...at(0), event: 'error', code: 'IDLEPROBE_ERR_HTTP', message, cause: 'HTTP 503', lane: 1 }),
    null,
  );
  assert.equal(noticeFor({ ...at(0), event: 'error', code: 'IDLEPROBE_ERR_HTTP', message }), null);
});

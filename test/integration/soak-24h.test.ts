import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEARTBEAT_INTERVAL_MS, MAX_TIME_SCALE } from '../../src/protocol/timing.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { gridJitter, runSoak } from '../support/soak-run.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const HOURS = 24;
const CHANNELS = 20;
/** A connection lives 20 minutes and the next opens a minute or so later: over 1,000 closures a day. */
const MAX_AGE_MS = 20 * MINUTE;
/** Client-credentials tokens of an hour: the probe renews each at 54 minutes, over 20 times a day. */
const TOKEN_LIFETIME_MS = HOUR;
/**
 * The closure rows kept for the summary cost about 1 KB each (heap after a full collection, without
 * compiled code). Growth past this per closure means something else is kept per connection: the leak
 * that once held every closed connection's session, WebSocket and socket until the end was ~10 KB each.
 */
const HEAP_PER_CLOSURE_BYTES = 2_048;
/**
 * File descriptors a run may hold besides its 20 WebSockets (both ends, since the simulator is in this
 * process): REST connections left idle in the HTTP pools after a burst of calls (a resubscription on
 * every channel at once), which close after a few seconds of real time, not scenario time. One leaked
 * descriptor per reconnect would pass this within two scenario hours.
 */
const FD_SLACK = 4 * CHANNELS;

const SOAK: Scenario = {
  name: 'soak',
  summary: 'Closes 1001 at a connection age of 20 min; heartbeats every 30 s and a topic event every 4 min.',
  hypothesis: 'connection lifetime cap, over a day',
  basis: 'assumed',
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  topicEventIntervalMs: 4 * MINUTE,
  closeRules: [{ kind: 'max-age', afterMs: MAX_AGE_MS, code: 1001, reason: 'idle timeout' }],
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Generous: the soak takes under a minute on a quiet machine; the timeout only catches a hang. */
const SOAK_TIMEOUT_MS = 600_000;

const TITLE =
  'a 24-hour soak of 20 channels: every closure accounted for, no frame lost, memory and file descriptors flat';

test(TITLE, { timeout: SOAK_TIMEOUT_MS }, async () => {
  const result = await runSoak({
    scenario: SOAK,
    // The fastest scale a run may use (MAX_TIME_SCALE): the manual clock makes the run's speed a matter of
    // how many timers fall due, not of the scale, which only sets how scenario time maps to the log's.
    timeScale: MAX_TIME_SCALE,
    tokenLifetimeMs: TOKEN_LIFETIME_MS,
    hours: HOURS,
    config: {
      topics: ['v2.users.soak-agent.presence'],
      // Half the channels ping every 5 minutes: pongs come back, and frames go both ways.
      keepalives: [{ kind: 'none' }, { kind: 'ping', intervalMs: 5 * MINUTE }],
      channelsPerKeepalive: CHANNELS / 2,
      // Reconnects after 2 or 3 heartbeat intervals, on the heartbeat grid (gridJitter).
      backoff: { initialMs: 4 * HEARTBEAT_INTERVAL_MS, maxMs: 10 * MINUTE },
    },
    random: gridJitter(10),
    realMs: 540_000,
  });
  const { summary, delivery, samples, counts } = result;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const between = last.closures - first.closures;
  const growth = last.dataHeap - first.dataHeap;
  const fds = samples.map((s) => s.fds);
  const tokens = counts.get('token') ?? 0;
  console.log(
    [
      `soak: ${HOURS} h of scenario time in ${(result.wallMs / 1000).toFixed(1)} s: ${CHANNELS} channels, ` +
        `${summary.closures.length} closures, ${delivery.opens} connections, ${counts.get('reconnect') ?? 0} reconnects, ${tokens} tokens, ` +
        `${counts.get('resubscribe') ?? 0} resubscribes`,
      `  frames in: ${delivery.delivered} of ${delivery.sent} logged in order at the instant sent, ` +
        `${delivery.sentWhileStopping} sent as the run stopped`,
      `  frames out: ${delivery.pingsReceived} of ${delivery.pingsSent} pings received in order at the instant sent, ` +
        `${delivery.pingsCrossingTheClose} sent at the instant of a close`,
      `  closures: ${delivery.closuresMatched} of the simulator's ${delivery.serviceCloses} logged, ` +
        `${delivery.closedAsTheRunStopped} as the run stopped; ${delivery.problemCount} problems`,
      `  heap after a full collection, without compiled code: hour 1 ${kb(first.dataHeap)}, hour ${last.hour} ` +
        `${kb(last.dataHeap)}: ${kb(growth)} over ${between} closures, ${kb(growth / Math.max(1, between))} each ` +
        `(with code: ${kb(first.heapUsed)} to ${kb(last.heapUsed)})`,
      `  file descriptors by hour: ${fds.join(' ')}`,
    ].join('\n'),
  );

  assert.deepEqual(delivery.problems, [], `${delivery.problemCount} frames or closures unaccounted for`);
  assert.equal(result.outcome.endReason, 'duration');
  assert.equal(samples.length, HOURS);

  // Every closure accounted for: each one the simulator made is a row, at the age it made it.
  assert.ok(summary.closures.length > 1_000, `${summary.closures.length} closures`);
  assert.equal(delivery.closuresMatched, summary.closures.length);
  assert.equal(delivery.serviceCloses, delivery.closuresMatched + delivery.closedAsTheRunStopped);
  assert.equal(counts.get('closure'), summary.closures.length);
  for (const row of summary.closures) assert.equal(row.lifetimeMs, MAX_AGE_MS, `age of ${row.connection}`);
  // Every connection the simulator accepted closed or was ended by the run as it stopped (a channel waiting
  // to reconnect then had none).
  assert.equal(summary.connections, delivery.opens);
  assert.equal(summary.closures.length + summary.endedByProbe.length, summary.connections);
  assert.ok(summary.endedByProbe.length <= CHANNELS);
  assert.ok((counts.get('reconnect') ?? 0) > 1_000, `${counts.get('reconnect')} reconnects`);
  assert.equal(summary.openAtEnd, 0);
  assert.equal(summary.failedToOpen, 0);

  // No frame lost either way: the only ones unread crossed a close or the stop at its very instant.
  assert.equal(delivery.delivered + delivery.sentWhileStopping, delivery.sent);
  assert.equal(delivery.pingsReceived + delivery.pingsCrossingTheClose, delivery.pingsSent);
  assert.equal(summary.heartbeats, counts.get('heartbeat'));

  // The client-credentials token was renewed all day, and every channel resubscribed before its 24 h.
  assert.ok(tokens > (HOURS * HOUR) / TOKEN_LIFETIME_MS, `${tokens} tokens`);
  assert.equal(counts.get('resubscribe'), CHANNELS);
  assert.equal(counts.get('error') ?? 0, 0);

  // Memory flat but for the closure rows; file descriptors flat.
  assert.ok(
    growth <= between * HEAP_PER_CLOSURE_BYTES,
    `the heap grew ${kb(growth)} over ${between} closures, past ${kb(HEAP_PER_CLOSURE_BYTES)} each`,
  );
  assert.ok(Math.max(...fds) <= first.fds + FD_SLACK, `file descriptors by hour: ${fds.join(' ')}`);
});

import { formatDuration } from '../clock/time-text.js';
import { type ClientView, nextOpenAfter } from './client-view.js';
import { counted } from './counted.js';
import { HALF_OPEN_HEARTBEATS } from './grade-rules.js';
import type { CardCheck } from './report-card.js';

/**
 * `half-open-detected`: after the service went silent on a socket (TCP kept), the client closed it or
 * opened another within HALF_OPEN_HEARTBEATS heartbeat intervals. Only a watchdog on heartbeats can.
 */
export function checkHalfOpenDetected(view: ClientView): CardCheck {
  const id = 'half-open-detected';
  const bound = HALF_OPEN_HEARTBEATS * view.heartbeatIntervalMs;
  const rule = `${HALF_OPEN_HEARTBEATS} heartbeat intervals, ${formatDuration(bound)}`;
  const silent = view.sockets.filter((life) => life.halfOpen);
  if (silent.length === 0) return { id, result: 'not-exercised', evidence: 'No socket of this client went half-open.' };
  const delays = silent.map((life) => {
    const start = life.halfOpen?.scenarioMs ?? 0;
    const closed = life.end && life.endedBy === 'client' ? life.end.scenarioMs : Number.POSITIVE_INFINITY;
    const reopened = nextOpenAfter(view, life.halfOpen?.index ?? 0, life)?.open.scenarioMs ?? Number.POSITIVE_INFINITY;
    return { start, delay: Math.min(closed, reopened) - start };
  });
  const missed = delays.filter((d) => d.delay > bound);
  if (missed.length === 0) {
    const slowest = delays.reduce((most, d) => Math.max(most, d.delay), 0);
    return {
      id,
      result: 'pass',
      evidence: `${counted(delays.length, 'half-open socket')} ${delays.length === 1 ? 'was' : 'were'} noticed within ${formatDuration(slowest)} (bound: ${rule}).`,
    };
  }
  const first = missed[0] as { start: number; delay: number };
  const when = Number.isFinite(first.delay)
    ? `only ${formatDuration(first.delay)} later`
    : 'never while the journal ran';
  return {
    id,
    result: 'fail',
    evidence: `The socket that went half-open at ${formatDuration(first.start)} was noticed ${when} (bound: ${rule}); ${missed.length} of ${delays.length} missed.`,
  };
}

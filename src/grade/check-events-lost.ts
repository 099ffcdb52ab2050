import { formatDuration } from '../clock/time-text.js';
import type { ClientView } from './client-view.js';
import { counted } from './counted.js';
import { EVENTS_LOST_HEARTBEATS } from './grade-rules.js';
import type { CardCheck } from './report-card.js';

interface Window {
  start: number;
  end: number;
}

/**
 * The windows, after the client's first socket opened, in which none of its sockets could deliver an
 * event (documented: events sent while no socket is connected are lost). A socket stops delivering when
 * it ends or goes half-open. A window the journal ends in counts only when the service opened it: a
 * client that closed its last socket itself has left.
 */
export function blindWindows(view: ClientView): Window[] {
  const spans = view.sockets
    .map((life) => {
      const stops = [life.end?.scenarioMs, life.halfOpen?.scenarioMs].filter((at): at is number => at !== undefined);
      return {
        start: life.open.scenarioMs,
        end: stops.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...stops),
        leftByClient: life.endedBy === 'client' && !life.halfOpen,
      };
    })
    .sort((a, b) => a.start - b.start);
  const windows: Window[] = [];
  let coveredUntil = Number.NEGATIVE_INFINITY;
  let lastLeftByClient = false;
  for (const span of spans) {
    if (coveredUntil !== Number.NEGATIVE_INFINITY && span.start > coveredUntil)
      windows.push({ start: coveredUntil, end: span.start });
    if (span.end >= coveredUntil) {
      coveredUntil = span.end;
      lastLeftByClient = span.leftByClient;
    }
  }
  if (Number.isFinite(coveredUntil) && coveredUntil < view.endMs && !lastLeftByClient)
    windows.push({ start: coveredUntil, end: view.endMs });
  return windows;
}

/**
 * `events-lost`: the time with no socket delivering across each reconnect, in scenario time; passes when
 * every window is shorter than EVENTS_LOST_HEARTBEATS heartbeat intervals.
 */
export function checkEventsLost(view: ClientView): CardCheck {
  const id = 'events-lost';
  const bound = EVENTS_LOST_HEARTBEATS * view.heartbeatIntervalMs;
  const rule = `each under ${EVENTS_LOST_HEARTBEATS} heartbeat intervals, ${formatDuration(bound)}`;
  const windows = blindWindows(view);
  if (view.sockets.length === 0) return { id, result: 'not-exercised', evidence: 'The client never opened a socket.' };
  if (windows.length === 0)
    return {
      id,
      result: view.sockets.length > 1 ? 'pass' : 'not-exercised',
      evidence:
        view.sockets.length > 1
          ? `${counted(view.sockets.length - 1, 'reconnect')} left no moment without a socket (${rule}).`
          : 'No socket of this client stopped delivering while the journal ran.',
    };
  const total = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  const longest = windows.reduce((max, w) => (w.end - w.start > max.end - max.start ? w : max));
  const tooLong = windows.filter((w) => w.end - w.start >= bound);
  return {
    id,
    result: tooLong.length === 0 ? 'pass' : 'fail',
    evidence: `${counted(windows.length, 'window')} without a delivering socket, ${formatDuration(total)} in all, the longest ${formatDuration(longest.end - longest.start)} from ${formatDuration(longest.start)} (${rule}; ${tooLong.length} over).`,
  };
}

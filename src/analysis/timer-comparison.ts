import { formatDuration as d } from '../report/format-duration.js';
import type { ClosureVerdict } from './closure-cause.js';
import { sameDuration, toleranceFor } from './intermediary-timers.js';
import type { ClosureRow } from './summary.js';

/**
 * A client-silence timer and a lifetime cap look alike on one silent connection: both close it at the
 * age it fell silent. Only other connections tell them apart (closure-causes.md, "The decisive experiment"):
 * - a connection that kept sending and outlived the silent ones' age rules out a cap: client silence;
 * - connections that closed at the same age whatever they sent point to a cap.
 * This revisits the low-confidence verdicts of `classifyClosure` with every row of the report in view.
 */
export function compareTimers(closures: ClosureRow[], endedByProbe: ClosureRow[]): ClosureRow[] {
  const candidates = closures.filter(isTimerCandidate);
  const everyone = [...closures, ...endedByProbe];
  return closures.map((row) => {
    if (!isTimerCandidate(row)) return row;
    const better = settle(row, candidates, everyone);
    return better ? { ...row, ...better } : row;
  });
}

function isTimerCandidate(row: ClosureRow): boolean {
  return row.confidence === 'low' && (row.cause === 'client-silence' || row.cause === 'lifetime-cap');
}

/**
 * How long the client had sent no message at the close (since its last app-level message, or the open).
 * RFC 6455 control frames are left out: the service may not count them, and the comparison shows whether it does.
 */
export function messageSilence(row: ClosureRow): number {
  return row.signals.sinceClientMessageMs ?? row.lifetimeMs;
}

function sentMessages(row: ClosureRow): boolean {
  return row.signals.sinceClientMessageMs !== null && messageSilence(row) < row.lifetimeMs - toleranceFor(row.lifetimeMs);
}

function settle(row: ClosureRow, candidates: ClosureRow[], everyone: ClosureRow[]): ClosureVerdict | null {
  const silence = messageSilence(row);
  // A connection that kept sending messages (its own silence shorter than this one's) and lived past this silence.
  const outlived = everyone.find((other) => other !== row && sentMessages(other) &&
    messageSilence(other) < silence - toleranceFor(silence) && other.lifetimeMs > silence + toleranceFor(silence));
  // Closed at the same age although the traffic differed: one of the two sent messages, the other did not.
  const sameAge = candidates.find((other) => other !== row && sameDuration(other.lifetimeMs, row.lifetimeMs) &&
    (sentMessages(other) !== sentMessages(row) || (sentMessages(other) && !sameDuration(messageSilence(other), silence))));
  if (outlived && !sameAge) {
    return {
      cause: 'client-silence',
      confidence: 'high',
      evidence: `The server closed it after ${d(silence)} without a client message while heartbeats flowed, and ` +
        `${name(outlived)}, which kept sending (keepalive ${outlived.keepalive ?? 'unnamed'}), lived ${d(outlived.lifetimeMs)}.`,
    };
  }
  if (sameAge && !outlived) {
    const talker = sentMessages(row) ? row : sameAge;
    return {
      cause: 'lifetime-cap',
      confidence: 'high',
      evidence: `It closed at an age of ${d(row.lifetimeMs)}, the same as ${name(sameAge)}, although ` +
        `${talker === row ? 'this one' : name(talker)} had sent a message ${d(talker.signals.sinceClientMessageMs)} before its close.`,
    };
  }
  return null;
}

function name(row: ClosureRow): string {
  return `connection ${row.connection} of channel …${row.channel.slice(-6)}${row.run > 1 ? ` (run ${row.run})` : ''}`;
}

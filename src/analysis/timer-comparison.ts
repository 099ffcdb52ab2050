import { formatDuration as d } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import type { ClosureVerdict } from './closure-cause.js';
import { ComparisonIndex, messageSilence, sentMessages } from './comparison-index.js';
import { heartbeatsFlowing } from './path-causes.js';
import { privateChainNote, withClause } from './path-clues.js';
import { boundPathTimers } from './path-timer-bounds.js';
import type { ClosureRow } from './summary.js';

/**
 * A client-silence timer and a lifetime cap look alike on one silent connection: both close it at the
 * age it fell silent. Only other connections tell them apart (closure-causes.md, "The decisive experiment"):
 * - a connection that kept sending and outlived the silent ones' age rules out a cap: client silence;
 * - connections that closed at the same age whatever they sent point to a cap.
 * This revisits the low-confidence verdicts of `classifyClosure` with every row of the report in view, and
 * the closures only a private TLS chain pointed at the path: evidence from other connections outranks that
 * hint. Then the path causes get what the surviving lanes say about the box's timer (path-timer-bounds.ts).
 */
export function compareTimers(closures: ClosureRow[], endedByProbe: ClosureRow[]): ClosureRow[] {
  return boundPathTimers(settleTimers(closures, endedByProbe), endedByProbe);
}

function settleTimers(closures: ClosureRow[], endedByProbe: ClosureRow[]): ClosureRow[] {
  const candidates = closures.filter(isTimerCandidate);
  if (candidates.length === 0) return closures;
  const index = new ComparisonIndex(candidates, [...closures, ...endedByProbe]);
  return closures.map((row) => {
    if (!isTimerCandidate(row)) return row;
    const better = settle(row, index);
    return better ? { ...row, ...better, evidence: withClause(better.evidence, privateChainNote(row.signals)) } : row;
  });
}

/**
 * A closure only a comparison can settle: a client-silence timer or a lifetime cap, or a server's close
 * frame that only its private TLS chain blamed on the path (a clean close is `intermediary` for no other
 * reason) while heartbeats flowed, so the service's own timers may explain it as well.
 */
function isTimerCandidate(row: ClosureRow): boolean {
  if (row.cause === 'intermediary') return row.clean && row.by === 'server' && heartbeatsFlowing(row);
  return row.confidence === 'low' && (row.cause === 'client-silence' || row.cause === 'lifetime-cap');
}

function settle(row: ClosureRow, index: ComparisonIndex): ClosureVerdict | null {
  const silence = messageSilence(row);
  const outlived = index.outlived(silence);
  const sameAge = index.sameAge(row);
  if (outlived && !sameAge) {
    return {
      cause: 'client-silence',
      confidence: 'high',
      evidence:
        `The server closed it after ${d(silence)} without a client message while heartbeats flowed, and ` +
        `${name(outlived)}, which kept sending (keepalive ${outlived.keepalive ?? 'unnamed'}), lived ${d(outlived.lifetimeMs)}.`,
    };
  }
  if (sameAge && !outlived) {
    const talker = sentMessages(row) ? row : sameAge;
    return {
      cause: 'lifetime-cap',
      confidence: 'high',
      evidence:
        `It closed at an age of ${d(row.lifetimeMs)}, the same as ${name(sameAge)}, although ` +
        `${talker === row ? 'this one' : name(talker)} had sent a message ${d(talker.signals.sinceClientMessageMs)} before its close.`,
    };
  }
  return null;
}

function name(row: ClosureRow): string {
  return `connection ${row.connection} of channel ${shortChannelId(row.channel)}${row.run > 1 ? ` (run ${row.run})` : ''}`;
}

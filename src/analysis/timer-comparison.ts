import { formatDuration as d } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import type { ClosureVerdict } from './closure-cause.js';
import { sameDuration, toleranceFor } from './intermediary-timers.js';
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

/** How many same-age senders are looked at for one whose silence differs: one witness is enough. */
const SCAN_LIMIT = 256;

/**
 * Answers the two questions `settle` asks in O(log n) rather than by comparing every pair, so a report
 * of tens of thousands of closures stays quick.
 */
class ComparisonIndex {
  /** Connections that sent messages, by silence, with the longest lifetime among those up to each one. */
  private readonly bySilence: ClosureRow[];
  private readonly longestUpTo: number[] = [];
  private readonly sendersByAge: ClosureRow[];
  private readonly silentByAge: ClosureRow[];

  constructor(candidates: ClosureRow[], everyone: ClosureRow[]) {
    this.bySilence = everyone.filter(sentMessages).sort((a, b) => messageSilence(a) - messageSilence(b));
    let longest = -Infinity;
    for (const row of this.bySilence) {
      longest = Math.max(longest, row.lifetimeMs);
      this.longestUpTo.push(longest);
    }
    const byAge = (a: ClosureRow, b: ClosureRow) => a.lifetimeMs - b.lifetimeMs;
    this.sendersByAge = candidates.filter(sentMessages).sort(byAge);
    this.silentByAge = candidates.filter((row) => !sentMessages(row)).sort(byAge);
  }

  /** A connection that kept sending (silence shorter than this one's) and lived past this one's silence. */
  outlived(silence: number): ClosureRow | undefined {
    const upTo = countBelow(this.bySilence, messageSilence, silence - toleranceFor(silence));
    if (upTo === 0 || (this.longestUpTo[upTo - 1] as number) <= silence + toleranceFor(silence)) return undefined;
    return this.bySilence.slice(0, upTo).find((other) => other.lifetimeMs > silence + toleranceFor(silence));
  }

  /** A candidate closed at the same age with different traffic: one sent messages and the other did not, or both at other silences. */
  sameAge(row: ClosureRow): ClosureRow | undefined {
    const other = sentMessages(row) ? this.silentByAge : this.sendersByAge;
    const near = this.window(other, row.lifetimeMs).find((o) => sameDuration(o.lifetimeMs, row.lifetimeMs));
    if (near || !sentMessages(row)) return near;
    return this.window(this.sendersByAge, row.lifetimeMs)
      .slice(0, SCAN_LIMIT)
      .find(
        (o) =>
          o !== row &&
          sameDuration(o.lifetimeMs, row.lifetimeMs) &&
          !sameDuration(messageSilence(o), messageSilence(row)),
      );
  }

  private window(sorted: ClosureRow[], age: number): ClosureRow[] {
    const slack = toleranceFor(age) * 1.1;
    return sorted.slice(
      countBelow(sorted, (r) => r.lifetimeMs, age - slack),
      countBelow(sorted, (r) => r.lifetimeMs, age + slack + 1e-9),
    );
  }
}

/** How many of the sorted rows have `key` below `limit` (binary search). */
function countBelow(sorted: ClosureRow[], key: (row: ClosureRow) => number, limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid] as ClosureRow) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/**
 * How long the client had sent no message at the close (since its last app-level message, or the open).
 * RFC 6455 control frames are left out: the service may not count them, and the comparison shows whether it does.
 */
export function messageSilence(row: ClosureRow): number {
  return row.signals.sinceClientMessageMs ?? row.lifetimeMs;
}

function sentMessages(row: ClosureRow): boolean {
  return (
    row.signals.sinceClientMessageMs !== null && messageSilence(row) < row.lifetimeMs - toleranceFor(row.lifetimeMs)
  );
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

import { sameDuration, toleranceFor } from './intermediary-timers.js';
import type { ClosureRow } from './summary.js';

/** How many same-age senders are looked at for one whose silence differs: one witness is enough. */
const SCAN_LIMIT = 256;

/**
 * The two questions the comparison of timers (timer-comparison.ts) asks about each closure it may settle,
 * answered in O(log n) rather than by comparing every pair, so a report of hundreds of thousands of
 * closures stays quick: binary searches over sorted rows, and scans that stop at the first witness or
 * after SCAN_LIMIT rows, never a copy of a slice (a soak's closures can all be one age, and one slice per
 * row made that quadratic). The answers are the ones a pairwise scan in the same order gives.
 */
export class ComparisonIndex {
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

  /**
   * A connection that kept sending (silence shorter than this one's) and lived past this one's silence:
   * the first in silence order, which is where the running longest lifetime first passes the mark.
   */
  outlived(silence: number): ClosureRow | undefined {
    const upTo = countBelow(this.bySilence, messageSilence, silence - toleranceFor(silence));
    const mark = silence + toleranceFor(silence);
    if (upTo === 0 || (this.longestUpTo[upTo - 1] as number) <= mark) return undefined;
    return this.bySilence[firstAbove(this.longestUpTo, mark)];
  }

  /** A candidate closed at the same age with different traffic: one sent messages and the other did not, or both at other silences. */
  sameAge(row: ClosureRow): ClosureRow | undefined {
    const other = sentMessages(row) ? this.silentByAge : this.sendersByAge;
    const near = firstSameAge(other, row.lifetimeMs);
    if (near || !sentMessages(row)) return near;
    return findInWindow(
      this.sendersByAge,
      row.lifetimeMs,
      SCAN_LIMIT,
      (o) =>
        o !== row &&
        sameDuration(o.lifetimeMs, row.lifetimeMs) &&
        !sameDuration(messageSilence(o), messageSilence(row)),
    );
  }
}

/** How far either side of an age the rows that may be the same duration lie: the tolerance, with a margin. */
function windowOf(sorted: readonly ClosureRow[], age: number): { start: number; end: number } {
  const slack = toleranceFor(age) * 1.1;
  return {
    start: countBelow(sorted, (r) => r.lifetimeMs, age - slack),
    end: countBelow(sorted, (r) => r.lifetimeMs, age + slack + 1e-9),
  };
}

/**
 * The youngest of the rows sorted by age that is the same duration as `age`, by binary search. Below the
 * age, whether a row is the same duration only turns from no to yes as rows get older (the tolerance is
 * the age's own); at and above it, only from yes to no, so the first row there decides.
 */
function firstSameAge(sorted: readonly ClosureRow[], age: number): ClosureRow | undefined {
  const { start, end } = windowOf(sorted, age);
  const younger = countBelow(sorted, (r) => r.lifetimeMs, age);
  const atAge = Math.min(Math.max(younger, start), end);
  let lo = start;
  let hi = atAge;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sameDuration((sorted[mid] as ClosureRow).lifetimeMs, age)) hi = mid;
    else lo = mid + 1;
  }
  if (lo < atAge) return sorted[lo];
  const above = sorted[atAge];
  return atAge < end && above && sameDuration(above.lifetimeMs, age) ? above : undefined;
}

/** The first of at most `limit` rows, in age order from the start of the window around `age`, that `holds`. */
function findInWindow(
  sorted: readonly ClosureRow[],
  age: number,
  limit: number,
  holds: (row: ClosureRow) => boolean,
): ClosureRow | undefined {
  const { start, end } = windowOf(sorted, age);
  let looked = 0;
  for (let i = start; i < end && looked < limit; i += 1, looked += 1) {
    const row = sorted[i] as ClosureRow;
    if (holds(row)) return row;
  }
  return undefined;
}

/** The index of the first value above `mark` in values that never fall (binary search); their length when none is. */
function firstAbove(values: readonly number[], mark: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) > mark) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How many of the sorted rows have `key` below `limit` (binary search). */
function countBelow(sorted: readonly ClosureRow[], key: (row: ClosureRow) => number, limit: number): number {
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
 * How long the client had sent no message at the close (since its last app-level message, or the open).
 * RFC 6455 control frames are left out: the service may not count them, and the comparison shows whether it does.
 */
export function messageSilence(row: ClosureRow): number {
  return row.signals.sinceClientMessageMs ?? row.lifetimeMs;
}

/** Whether the connection sent app messages, so that its silence before the close is shorter than its age. */
export function sentMessages(row: ClosureRow): boolean {
  return (
    row.signals.sinceClientMessageMs !== null && messageSilence(row) < row.lifetimeMs - toleranceFor(row.lifetimeMs)
  );
}

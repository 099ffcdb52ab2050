/** Where a connection's count of client stalls starts: the reports made before it are not its own. */
export interface StallMark {
  /** Raw mono at which the connection's silence began (its last inbound frame, or its open). */
  readonly silenceStart: number;
  /** How many loop-delay and clock-jump reports the run had made by then. */
  readonly delays: number;
  readonly jumps: number;
}

interface DelayReport {
  index: number;
  /** Raw mono of the report, never less than an earlier report's (a log out of order counts from the latest). */
  mono: number;
  delayMs: number;
}

interface JumpReport {
  index: number;
  jumpMs: number;
}

/**
 * The client's own stalls of one run (event-loop delay windows, clock jumps), kept so that each
 * connection can ask at its close for the worst one reported during the silence before it, instead of
 * every report visiting every open connection: a soak with 200,000 connections left open would make that
 * quadratic.
 *
 * A connection marks where its silence began (`mark`, at its open and at each inbound frame). At its close,
 * a loop-delay report made after the mark counts for at most the part of its window after the silence
 * began, `min(delay, reportMono - silenceStart)`, and the worst of these is the answer. Only reports that
 * could be the worst for some later question are kept: one whose delay a later report equals or exceeds
 * can never be (the later one is as large and as late), so what is kept has delays falling and times
 * rising, and the answer is where the rising `mono - silenceStart` meets the falling delays, found by
 * binary search. Memory is the reports that no later one outweighed: a handful, however long the run.
 */
export class ClientStalls {
  private delayCount = 0;
  private jumpCount = 0;
  private latestMono = Number.NEGATIVE_INFINITY;
  /** Reports no later one outweighs: index and mono rising, delay falling (so mono - delay rising). */
  private readonly delays: DelayReport[] = [];
  /** The same for clock jumps: index rising, size falling. */
  private readonly jumps: JumpReport[] = [];

  /** A connection's silence begins at raw `silenceStart`: reports from now on may have hidden its frames. */
  mark(silenceStart: number): StallMark {
    return { silenceStart, delays: this.delayCount, jumps: this.jumpCount };
  }

  /** An event-loop delay of `delayMs` (raw, over zero) over the window that ended at raw `mono`. */
  delayed(delayMs: number, mono: number): void {
    this.latestMono = Math.max(this.latestMono, mono);
    while ((this.delays.at(-1)?.delayMs ?? Number.POSITIVE_INFINITY) <= delayMs) this.delays.pop();
    this.delays.push({ index: this.delayCount, mono: this.latestMono, delayMs });
    this.delayCount += 1;
  }

  /** The client's wall clock jumped by `jumpMs` (raw, either direction, not zero) against its monotonic one. */
  jumped(jumpMs: number): void {
    const size = Math.abs(jumpMs);
    while ((this.jumps.at(-1)?.jumpMs ?? Number.POSITIVE_INFINITY) <= size) this.jumps.pop();
    this.jumps.push({ index: this.jumpCount, jumpMs: size });
    this.jumpCount += 1;
  }

  /**
   * The worst event-loop delay (raw ms) that can have hidden frames from the connection since `mark`: at
   * most the part of each report's window after its silence began. Null when no delay was reported since.
   */
  stallSince(mark: StallMark): number | null {
    if (this.delayCount <= mark.delays) return null;
    const from = firstIndex(this.delays.length, (i) => (this.delays[i] as DelayReport).index >= mark.delays);
    // Before `at`, a report's window began after the silence did, so the silence caps it (rising with mono);
    // from `at` on, the whole delay counts (falling). The worst is on either side of that point.
    const at =
      from +
      firstIndex(
        this.delays.length - from,
        (i) => reportStart(this.delays[from + i] as DelayReport) >= mark.silenceStart,
      );
    let worst = 0;
    if (at < this.delays.length) worst = (this.delays[at] as DelayReport).delayMs;
    if (at > from) worst = Math.max(worst, (this.delays[at - 1] as DelayReport).mono - mark.silenceStart);
    return worst;
  }

  /** The largest clock jump (raw ms) reported since `mark`, or null when none was. */
  jumpSince(mark: StallMark): number | null {
    if (this.jumpCount <= mark.jumps) return null;
    const from = firstIndex(this.jumps.length, (i) => (this.jumps[i] as JumpReport).index >= mark.jumps);
    return (this.jumps[from] as JumpReport).jumpMs;
  }
}

/** When a report's worst stall may have begun: its delay before its end. */
function reportStart(report: DelayReport): number {
  return report.mono - report.delayMs;
}

/** The first of `0..length` for which `holds` is true, `holds` being false then true along it (binary search). */
function firstIndex(length: number, holds: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

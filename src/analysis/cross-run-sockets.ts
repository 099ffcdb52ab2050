import type { SettledClosure } from './closure-draft.js';

/**
 * How far apart two machines' clocks may be and a connection still count as opened while another was open:
 * the first socket is closed the moment the second opens, so on two machines' clocks the second's open may
 * even read a little after the first's close.
 */
export const CLOCK_SKEW_MS = 2_000;

/**
 * Protocol.md: one WebSocket per channel, a second socket disconnects the first. Within one run the
 * tracker sees that as it happens; across merged logs (two machines, or two processes, sharing a channel
 * id) only the rows can show it: a connection of another run opened on the same channel id while this one
 * was open. Reads every connection that ended (closures and those the runs ended themselves) once, and
 * returns what marks a closure: the closure with `otherSocketOpened` set where that happened (a new object;
 * a settled one is never changed), so the classifier names the cause as it does within a run. Works on the
 * rows alone, grouped by channel and sorted by wall time.
 */
export function secondSocketsAcrossRuns(
  everyEnded: Iterable<SettledClosure>,
): (closure: SettledClosure) => SettledClosure {
  const byChannel = new Map<string, Opens>();
  for (const { facts } of everyEnded) {
    const opens = byChannel.get(facts.channel) ?? [];
    opens.push({ run: facts.run, openedMs: Date.parse(facts.openedAt), nextOtherRun: null });
    byChannel.set(facts.channel, opens);
  }
  for (const [channel, opens] of byChannel) {
    // A channel seen in one run only has nothing to compare across runs.
    if (new Set(opens.map((open) => open.run)).size < 2) byChannel.delete(channel);
    else {
      opens.sort((a, b) => a.openedMs - b.openedMs);
      linkOtherRuns(opens);
    }
  }
  if (byChannel.size === 0) return unmarked;
  return (closure) => {
    const { facts } = closure;
    const opens = byChannel.get(facts.channel);
    if (!opens || facts.signals.otherSocketOpened) return closure;
    const openedMs = Date.parse(facts.openedAt);
    const closedMs = Date.parse(facts.closedAt);
    // The first open after this one's that belongs to another run: one hop past this run's own opens.
    let next = opens[firstOpenAfter(opens, openedMs)];
    if (next?.run === facts.run) next = next.nextOtherRun === null ? undefined : opens[next.nextOtherRun];
    // Written so that a wall time that does not parse (NaN) marks nothing.
    if (next === undefined || !(next.openedMs <= closedMs + CLOCK_SKEW_MS)) return closure;
    return { facts: { ...facts, signals: { ...facts.signals, otherSocketOpened: true } }, after: closure.after };
  };
}

function unmarked(closure: SettledClosure): SettledClosure {
  return closure;
}

/** A channel's opens across runs, sorted by wall time once there are two runs to compare. */
type Opens = Array<{ run: number; openedMs: number; nextOtherRun: number | null }>;

/**
 * Points each open at the first later one of another run, from the end backwards, so that finding it costs
 * one hop however many opens of its own run follow (a soak's thousands of reconnects on one channel).
 */
function linkOtherRuns(opens: Opens): void {
  for (let i = opens.length - 2; i >= 0; i -= 1) {
    const open = opens[i] as Opens[number];
    const after = opens[i + 1] as Opens[number];
    open.nextOtherRun = after.run !== open.run ? i + 1 : after.nextOtherRun;
  }
}

/** Index of the first open strictly after `ms` in opens sorted by time (binary search). */
function firstOpenAfter(opens: ReadonlyArray<{ openedMs: number }>, ms: number): number {
  let lo = 0;
  let hi = opens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((opens[mid] as { openedMs: number }).openedMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import { HEARTBEAT_INTERVAL_MS } from '../protocol/timing.js';
import { boxesKeepScenarioTime } from './box-clock.js';
import { closureWaves } from './closure-waves.js';
import { matchIntermediaryTimer, sameDuration } from './intermediary-timers.js';
import { keepaliveVerdicts } from './keepalive-verdict.js';
import type { ClosureRow, DurationCluster, HistogramBin, KeepaliveVerdict, RunPatterns } from './summary.js';

/** Heartbeats come "about every 30 s"; a duration within this of a multiple counts as one. */
const MULTIPLE_SLACK_MS = 1_000;
/** Bin widths a histogram may use (30 s, a heartbeat interval, at the finest): the smallest within MAX_BINS. */
const BIN_WIDTHS_MS = [30, 60, 300, 600, 900, 1800, 3600, 4 * 3600].map((s) => s * 1000);
const MAX_BINS = 12;

/**
 * What the closures share across the report. `targetOf` names the target and scenario of a run: keepalive
 * strategies are compared only within one.
 */
export function runPatterns(
  closures: ClosureRow[],
  endedByProbe: ClosureRow[],
  targetOf: (run: number) => string | null,
): RunPatterns {
  const ages = closures.map((row) => row.lifetimeMs);
  // A real box's timer is real time: a scaled cluster is matched per row, on real time, in its evidence.
  const matchTimers = closures.every(boxesKeepScenarioTime);
  const verdicts = keepaliveVerdicts(closures, endedByProbe, targetOf);
  return {
    ages: cluster(ages, matchTimers),
    silences: cluster(
      closures.map((row) => row.sinceOutboundMs ?? row.lifetimeMs),
      matchTimers,
    ),
    ageHistogram: histogram(ages),
    keepalive: verdicts.length === 1 ? (verdicts[0] as KeepaliveVerdict) : null,
    keepaliveByTarget: verdicts,
    waves: closureWaves(closures),
  };
}

/**
 * Groups sorted durations: a value joins a group while it is the same duration as the group's first.
 * `matchTimers`: whether the durations are what the path's boxes counted, so a common timer may be named.
 */
export function cluster(values: number[], matchTimers = true): DurationCluster[] {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const value of sorted) {
    const group = groups[groups.length - 1];
    if (group && sameDuration(group[0] as number, value)) group.push(value);
    else groups.push([value]);
  }
  return groups
    .map((group) => {
      const median = group[Math.floor((group.length - 1) / 2)] as number;
      return {
        medianMs: median,
        minMs: group[0] as number,
        maxMs: group[group.length - 1] as number,
        count: group.length,
        timerMs: matchTimers ? matchIntermediaryTimer(median) : null,
        heartbeatMultiple: heartbeatMultiple(median),
      };
    })
    .sort((a, b) => b.count - a.count || a.medianMs - b.medianMs);
}

export function heartbeatMultiple(ms: number): number | null {
  const n = Math.round(ms / HEARTBEAT_INTERVAL_MS);
  return n >= 1 && Math.abs(ms - n * HEARTBEAT_INTERVAL_MS) <= MULTIPLE_SLACK_MS ? n : null;
}

export function histogram(values: number[]): HistogramBin[] {
  if (values.length === 0) return [];
  // A loop, not Math.min(...values): a soak's hundreds of thousands of ages would overflow the stack.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // Past the widest round width (an absurd age in a hand-edited log), bins widen to fit rather than number
  // in the billions.
  const width =
    BIN_WIDTHS_MS.find((w) => Math.floor(max / w) - Math.floor(min / w) + 1 <= MAX_BINS) ??
    Math.ceil((max - min + 1) / (MAX_BINS - 1));
  const first = Math.floor(min / width);
  const bins: HistogramBin[] = [];
  for (let i = first; i <= Math.floor(max / width); i += 1)
    bins.push({ fromMs: i * width, toMs: (i + 1) * width, count: 0 });
  for (const value of values) (bins[Math.floor(value / width) - first] as HistogramBin).count += 1;
  return bins;
}

import type {
  ClosureRow,
  ClosureWave,
  DurationCluster,
  HistogramBin,
  KeepaliveVerdict,
  RunSummary,
} from '../analysis/summary.js';
import { formatClockSecond, formatDuration, spokenDuration } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import { HEARTBEAT_INTERVAL_MS } from '../protocol/timing.js';
import { plural } from './plural.js';

/** The widest bar of the age histogram, in characters. */
const BAR_WIDTH = 30;

/**
 * What the closures mean, below the table of gaps: one line per closure with its cause, confidence and
 * evidence, then what the closures share across the run, then the keepalive verdict. Shared by the table,
 * the markdown and the JUnit report.
 */
export function causeLines(summary: RunSummary): string[] {
  return summary.closures.map((row) => `${connectionName(row)}: ${row.cause} (${row.confidence}): ${row.evidence}`);
}

export function connectionName(row: ClosureRow): string {
  const run = row.run > 1 ? `run ${row.run}, ` : '';
  const keepalive = row.keepalive ? `, keepalive ${row.keepalive}` : '';
  return `${run}conn ${row.connection} on ${shortChannelId(row.channel)}${keepalive}`;
}

/** Clusters of two or more closures, the timers they match, and the age histogram. */
export function patternLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  for (const cluster of summary.patterns.ages.filter((c) => c.count > 1))
    lines.push(`Ages cluster ${describeCluster(cluster)}.`);
  for (const cluster of summary.patterns.silences.filter((c) => c.count > 1)) {
    lines.push(`Client silences cluster ${describeCluster(cluster)}.`);
  }
  lines.push(...waveLines(summary.patterns.waves));
  return lines;
}

function describeCluster(cluster: DurationCluster): string {
  const spread = cluster.count > 1 ? `, ${formatDuration(cluster.minMs)} to ${formatDuration(cluster.maxMs)}` : '';
  const notes: string[] = [];
  if (cluster.timerMs !== null) notes.push(`matches the common intermediary timer of ${cluster.timerMs / 1000} s`);
  if (cluster.heartbeatMultiple !== null)
    notes.push(`is ${plural(cluster.heartbeatMultiple, 'heartbeat interval')} of ${HEARTBEAT_INTERVAL_MS / 1000} s`);
  return `at ${formatDuration(cluster.medianMs)} (${plural(cluster.count, 'closure')}${spread})${notes.length ? `; it ${notes.join(' and ')}` : ''}`;
}

/** The closure ages as text bars: `14m 00.0s–15m 00.0s  ████ 4`. Empty with fewer than two closures. */
export function histogramLines(bins: HistogramBin[]): string[] {
  if (bins.reduce((sum, bin) => sum + bin.count, 0) < 2) return [];
  const most = Math.max(...bins.map((bin) => bin.count));
  const labels = bins.map((bin) => `${formatDuration(bin.fromMs)} – ${formatDuration(bin.toMs)}`);
  const width = Math.max(...labels.map((label) => label.length));
  return bins.map((bin, i) => {
    const bar = bin.count === 0 ? '' : '█'.repeat(Math.max(1, Math.round((bin.count / most) * BAR_WIDTH)));
    return `${(labels[i] as string).padEnd(width)}  ${bar}${bin.count ? ` ${bin.count}` : ''}`;
  });
}

/**
 * Which keepalive strategies survived, what that points to and, when the run cannot say, why not and what
 * to run next; one verdict per target and scenario when merged runs probed several. Empty when none compared.
 */
export function keepaliveLines(summary: RunSummary): string[] {
  const verdicts = summary.patterns.keepaliveByTarget;
  return verdicts.flatMap((verdict) => verdictLines(verdict, verdicts.length > 1));
}

function verdictLines(verdict: KeepaliveVerdict, namesTarget: boolean): string[] {
  const outcomes = verdict.strategies.map((s) => {
    const outcome = s.survived
      ? `${s.keepalive} survived (${plural(s.connections, 'connection')})`
      : `${s.keepalive} ${plural(s.closures, 'closure')} in ${plural(s.connections, 'connection')}`;
    if (s.counted) return outcome;
    return `${outcome}, not counted (${s.survived ? 'no keepalive went out, or it ended before the others closed' : 'each before its first keepalive'})`;
  });
  const title = namesTarget
    ? `Against ${verdict.target ?? 'an unknown target'}, keepalive strategies side by side`
    : 'Keepalive strategies side by side';
  const lines = [`${title}: ${outcomes.join('; ')}.`, verdict.pointsTo];
  if (!verdict.conclusive) lines.push(`Not conclusive: ${verdict.why}`);
  return lines;
}

/** How many waves are listed as lines; the JSON lists every one. */
const WAVE_LINE_LIMIT = 20;

/**
 * Closures on several channels at once, at different ages: "3 channels on 2 machines closed within 2 s at
 * 14:03:10", the maintenance signature.
 */
export function waveLines(waves: readonly ClosureWave[]): string[] {
  const lines = waves.slice(0, WAVE_LINE_LIMIT).map((wave) => {
    const machines = wave.sources > 1 ? ` on ${wave.sources} machines` : '';
    const within = wave.withinMs < 1_000 ? 'within a second' : `within ${spokenDuration(wave.withinMs)}`;
    return (
      `${plural(wave.channels, 'channel')}${machines} closed ${within} at ${formatClockSecond(wave.at)} ` +
      `(${plural(wave.closures, 'closure')}, of connections aged ${formatDuration(wave.minAgeMs)} to ${formatDuration(wave.maxAgeMs)}): ` +
      "no timer lines up connections of different ages, so this is the signature of maintenance or a restart on the service's side."
    );
  });
  const more = waves.length - WAVE_LINE_LIMIT;
  if (more > 0) lines.push(`… and ${plural(more, 'more wave')}, not listed here: --format json lists every one.`);
  return lines;
}

import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import { formatClockTime, formatDateTime, formatDuration } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import { blindLines } from './blind-lines.js';
import { plural } from './plural.js';

/** Column titles shared by the table and the markdown report, in order. */
export const COLUMNS = [
  'channel',
  'conn',
  'opened (UTC)',
  'closed (UTC)',
  'age',
  'close',
  'since heartbeat',
  'since pong',
  'since inbound',
  'since outbound',
  'warning lead',
  'heartbeats / largest gap',
] as const;

/** The close in a few words: code and reason, or what stood in for the missing close frame. */
export function describeClose(row: ClosureRow): string {
  const parts = [String(row.code)];
  if (row.by === 'watchdog') parts.push('ended by the watchdog after silence');
  else if (!row.clean) parts.push(row.error ? `no close frame, ${row.error}` : 'no close frame');
  if (row.clean && row.reason) parts.push(row.reason);
  return parts.join(' ');
}

/** `30 / 31.2s`, with the beats missed when some were: the heartbeat cadence at a glance. */
export function describeHeartbeats(row: ClosureRow): string {
  const cadence = `${row.heartbeats} / ${formatDuration(row.maxHeartbeatGapMs)}`;
  return row.missedHeartbeats > 0 ? `${cadence} (${row.missedHeartbeats} missed)` : cadence;
}

/** One closure as the cells of COLUMNS; the channel id shortened, as everywhere a person reads it. */
export function closureCells(row: ClosureRow): string[] {
  return [
    shortChannelId(row.channel),
    String(row.connection),
    formatClockTime(row.openedAt),
    formatClockTime(row.closedAt),
    formatDuration(row.lifetimeMs),
    describeClose(row),
    formatDuration(row.sinceHeartbeatMs),
    formatDuration(row.sincePongMs),
    formatDuration(row.sinceInboundMs),
    formatDuration(row.sinceOutboundMs),
    formatDuration(row.warningLeadMs),
    describeHeartbeats(row),
  ];
}

/** The facts above the table: which run, against what, and in which time. */
export function headerLines(summary: RunSummary): string[] {
  const ended = summary.endedAt
    ? `ended ${formatDateTime(summary.endedAt)} (${summary.endReason ?? 'unknown reason'})`
    : 'did not end cleanly (no run-end in the log: still running, killed or crashed)';
  const lines = [
    `Run against ${summary.target ?? 'an unknown target'}, started ${formatDateTime(summary.startedAt)}, ${ended}.`,
  ];
  if (summary.runs > 1) lines.push(`This log holds ${summary.runs} runs; the closures of all of them are listed.`);
  lines.push(
    `${plural(summary.connections, 'connection')}, ${plural(summary.heartbeats, 'heartbeat')}, ` +
      `${plural(summary.closures.length, 'closure')}.`,
  );
  if (summary.scenarioTime) lines.push(`Durations in scenario time (time scale ${summary.timeScale}x).`);
  return lines;
}

/** The facts below the table: connections that are not closures but should not go unmentioned. */
export function footerLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  if (summary.closures.length === 0)
    lines.push('No closures: no connection was closed by the service, the network or the watchdog.');
  if (summary.endedByProbe.length > 0) {
    lines.push(
      `${plural(summary.endedByProbe.length, 'connection')} ended by the probe itself when the run stopped (not closures).`,
    );
  }
  if (summary.openAtEnd > 0) lines.push(`${plural(summary.openAtEnd, 'connection')} still open when the log ended.`);
  if (summary.failedToOpen > 0) {
    lines.push(
      `${plural(summary.failedToOpen, 'connection')} closed before opening (see the error events in the log).`,
    );
  }
  lines.push(...blindLines(summary));
  return lines;
}

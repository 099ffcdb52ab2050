import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import { formatClockTime, formatDuration } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';

/** Column titles shared by the table and the markdown report, in order. */
const COLUMNS = [
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

/** The file a row came from: a column only when the report merged several. */
const SOURCE_COLUMN = 'source';
/** A row's own time scale: a column only when merged runs used different ones. */
const SCALE_COLUMN = 'time scale';

/** Which optional columns a summary needs; single-file, single-scale reports have none of them. */
export interface ColumnSet {
  source: boolean;
  scale: boolean;
}

export function columnSet(summary: RunSummary): ColumnSet {
  return { source: summary.files > 1, scale: summary.timeScales.length > 1 };
}

/** The column titles, in order: the source first, the time scale after the age it qualifies. */
export function columnTitles(set: ColumnSet): string[] {
  const titles: string[] = [...COLUMNS];
  if (set.scale) titles.splice(titles.indexOf('age') + 1, 0, SCALE_COLUMN);
  if (set.source) titles.unshift(SOURCE_COLUMN);
  return titles;
}

/** The close in a few words: code and reason, or what stood in for the missing close frame. */
export function describeClose(row: ClosureRow): string {
  const parts = [String(row.code)];
  // Something arrived that the client refused: not a connection that died without a close frame.
  if (row.violation !== null) parts.push(`protocol violation by the server, ${row.error ?? 'refused by ws'}`);
  else if (row.by === 'watchdog') parts.push('ended by the watchdog after silence');
  else if (!row.clean) parts.push(row.error ? `no close frame, ${row.error}` : 'no close frame');
  if (row.clean && row.reason) parts.push(row.reason);
  return parts.join(' ');
}

/** `30 / 31.2s`, with the beats missed when some were: the heartbeat cadence at a glance. */
export function describeHeartbeats(row: ClosureRow): string {
  const cadence = `${row.heartbeats} / ${formatDuration(row.maxHeartbeatGapMs)}`;
  return row.missedHeartbeats > 0 ? `${cadence} (${row.missedHeartbeats} missed)` : cadence;
}

/** One closure as the cells of `columnTitles(set)`; the channel id shortened, as everywhere a person reads it. */
export function closureCells(row: ClosureRow, set: ColumnSet = { source: false, scale: false }): string[] {
  const cells = [
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
  if (set.scale) cells.splice(COLUMNS.indexOf('age') + 1, 0, `${row.timeScale}x`);
  if (set.source) cells.unshift(row.source ?? '');
  return cells;
}

import type { LaneReport, RunSummary } from '../analysis/summary.js';
import { formatDuration } from '../clock/time-text.js';
import { HEARTBEAT_INTERVAL_MS } from '../protocol/timing.js';
import { plural } from './plural.js';

/** How many lanes a report lists one by one; the JSON lists every one. */
const LANES_LISTED = 20;

/**
 * The time the probe was blind, for the lanes where it says something: `lane 2 (keepalive none): blind for
 * 4m 10.0s (5 failed attempts: ECONNREFUSED x3, HTTP 503 x2); it never connected.` A lane is listed when
 * it had a failed attempt, never connected, or stopped the run. A lane that only took its time to connect
 * and reconnect is folded away: that is noise ("blind for 879ms") unless it lasted longer than a heartbeat
 * interval, long enough to miss events, and then the total says it in one line. The JSON keeps every
 * lane's figures.
 */
export function blindLines(summary: RunSummary): string[] {
  const { lanes } = summary;
  const notable = lanes.filter(isNotable);
  const lines = notable.slice(0, LANES_LISTED).map(laneLine);
  if (notable.length > LANES_LISTED) {
    lines.push(
      `… and ${plural(notable.length - LANES_LISTED, 'more lane')}, not listed here: --format json lists every one.`,
    );
  }
  // With a lane listed, the total adds something only over several lanes; with none, only when a lane was
  // blind long enough to miss a heartbeat, and the events sent meanwhile.
  const total = notable.length > 0 ? lanes.length > 1 : lanes.some((lane) => lane.blindMs > HEARTBEAT_INTERVAL_MS);
  if (total && lanes.length > 1) {
    lines.push(
      `Blind for ${formatDuration(summary.blindMs)} in all, summed over ${plural(lanes.length, 'lane')} ` +
        `(${plural(summary.failedAttempts, 'failed attempt')}).`,
    );
  } else if (total) {
    lines.push(
      `Blind for ${formatDuration(summary.blindMs)} while connecting and reconnecting (${plural(summary.failedAttempts, 'failed attempt')}).`,
    );
  }
  return lines;
}

/** A lane whose blind time is more than the time any connection takes to open: worth a line of its own. */
export function isNotable(lane: LaneReport): boolean {
  return lane.failedAttempts > 0 || !lane.connected || lane.stopped !== null;
}

function laneLine(lane: LaneReport): string {
  const failures = lane.failures.map(({ cause, count }) => (count > 1 ? `${cause} x${count}` : cause)).join(', ');
  const attempts = `${plural(lane.failedAttempts, 'failed attempt')}${failures ? `: ${failures}` : ''}`;
  const notes = [
    ...(lane.connected ? [] : ['it never connected']),
    ...(lane.stopped === null ? [] : [`it stopped the run: ${lane.stopped.replace(/\.$/, '')}`]),
  ];
  return `${capitalised(laneName(lane))}: blind for ${formatDuration(lane.blindMs)} (${attempts})${notes.map((note) => `; ${note}`).join('')}.`;
}

function laneName(lane: LaneReport): string {
  const run = lane.run > 1 ? `run ${lane.run}, ` : '';
  const keepalive = lane.keepalive === null ? null : `keepalive ${lane.keepalive}`;
  if (lane.lane === null) return `${run}${keepalive ?? 'the connections'}`;
  return `${run}lane ${lane.lane}${keepalive ? ` (${keepalive})` : ''}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

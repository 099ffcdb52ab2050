import type { LaneReport, RunSummary } from '../analysis/summary.js';
import { formatDuration } from '../clock/time-text.js';
import { plural } from './plural.js';

/** How many lanes a report lists one by one; the JSON lists every one. */
const LANES_LISTED = 20;

/**
 * The time the probe was blind, lane by lane: `lane 2 (keepalive none): blind for 4m 10.0s (5 failed
 * attempts: ECONNREFUSED x3, HTTP 503 x2); it never connected.` A lane that never connected or that stopped
 * the run says so; with several lanes, a total follows.
 */
export function blindLines(summary: RunSummary): string[] {
  const { lanes } = summary;
  const lines = lanes.slice(0, LANES_LISTED).map(laneLine);
  if (lanes.length > LANES_LISTED) {
    lines.push(
      `… and ${plural(lanes.length - LANES_LISTED, 'more lane')}, not listed here: --format json lists every one.`,
    );
  }
  if (lanes.length > 1) {
    lines.push(
      `Blind for ${formatDuration(summary.blindMs)} in all, summed over ${plural(lanes.length, 'lane')} ` +
        `(${plural(summary.failedAttempts, 'failed attempt')}).`,
    );
  }
  return lines;
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

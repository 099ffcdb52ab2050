import type { RunSummary } from '../analysis/summary.js';
import { formatDateTime } from '../clock/time-text.js';
import { blindLines } from './blind-lines.js';
import { plural } from './plural.js';

/**
 * The facts above the table: which runs, against what, and in which time. A merged report is bounded by
 * its earliest start and latest end, counts its files and runs, and says when its rows differ in time scale.
 */
export function headerLines(summary: RunSummary): string[] {
  const ended = summary.endedAt
    ? `ended ${formatDateTime(summary.endedAt)} (${summary.endReason ?? 'unknown reason'})`
    : 'did not end cleanly (no run-end in the log: still running, killed or crashed)';
  const against =
    summary.targets.length > 1
      ? `Runs against ${summary.targets.join('; ')}`
      : `Run against ${summary.target ?? 'an unknown target'}`;
  const lines = [`${against}, started ${formatDateTime(summary.startedAt)}, ${ended}.`];
  if (summary.files > 1) {
    lines.push(
      `${plural(summary.files, 'file')}, ${plural(summary.runs, 'run')}; the closures of all of them are listed.`,
    );
  } else if (summary.runs > 1)
    lines.push(`This log holds ${summary.runs} runs; the closures of all of them are listed.`);
  lines.push(
    `${plural(summary.connections, 'connection')}, ${plural(summary.heartbeats, 'heartbeat')}, ` +
      `${plural(summary.closures.length, 'closure')}.`,
  );
  if (summary.timeScales.length > 1) {
    lines.push(
      `Durations in scenario time, each row at its own run's time scale (${summary.timeScales.map((s) => `${s}x`).join(', ')}).`,
    );
  } else if (summary.scenarioTime) lines.push(`Durations in scenario time (time scale ${summary.timeScale}x).`);
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

import { formatDuration as d, formatClockTime } from '../clock/time-text.js';
import type { ClosureVerdict } from './closure-cause.js';
import { MISSED_HEARTBEAT_THRESHOLD_MS } from './heartbeat-cadence.js';
import { pathTimerOf } from './intermediary-timers.js';
import { pathClues } from './path-clues.js';
import type { ClosureFacts } from './summary.js';

/**
 * The causes that blame the path between the probe and the service (closure-causes.md: "intermediary cut"
 * and "half-open path"). A box on the path runs in real time whatever the run's time scale, so under a
 * scale every duration they quote says its real length too, and the box's own words (proxy, `Via`,
 * `Server`, a private TLS chain) are quoted so the reader knows which box to look at.
 */

/** A connection that died without a close frame: something between the client and the service. */
export function intermediaryCut(row: ClosureFacts): ClosureVerdict {
  const timer = pathTimerOf(row);
  const flowing = heartbeatsFlowing(row);
  const timerText =
    timer === null
      ? ''
      : `; ${timer / 1000} s${row.signals.boxClock === 'real' && row.timeScale !== 1 ? ' of real time' : ''} is a common intermediary timer`;
  return {
    cause: 'intermediary',
    confidence: timer !== null && flowing ? 'high' : 'medium',
    evidence:
      `The connection died without a close frame (${row.code}${row.error ? `, ${row.error}` : ''}) at an age of ` +
      `${d(row.lifetimeMs)}${inRealTime(row, row.realLifetimeMs)} ${heartbeatsText(row, flowing)}${timerText}${pathClues(row.signals)}.`,
  };
}

/**
 * The probe's watchdog ended a connection that had gone silent: a black hole. When the path stopped
 * carrying frames is not known, only that it was after the last frame and before the watchdog's end,
 * so the evidence names that window rather than pretending to a moment.
 */
export function halfOpen(row: ClosureFacts): ClosureVerdict {
  const silence = row.sinceInboundMs ?? row.lifetimeMs;
  const realSilence = silence / row.timeScale;
  const lastAt = formatClockTime(new Date(Date.parse(row.closedAt) - realSilence).toISOString());
  const after = row.sinceInboundMs === null ? `the open at ${lastAt}` : `the last frame at ${lastAt}`;
  const healthy = row.signals.healthReported;
  return {
    cause: 'half-open',
    confidence: healthy ? 'high' : 'medium',
    evidence:
      `The path went silent after ${after} and was cut somewhere in the ${d(silence)}${inRealTime(row, realSilence)} ` +
      `of silence after it, until the probe's watchdog ended the connection at an age of ${d(row.lifetimeMs)}` +
      `${inRealTime(row, row.realLifetimeMs)}${healthy ? ' while the client reported no stall' : ''}` +
      `${pathClues(row.signals)}.`,
  };
}

/**
 * A close frame over a TLS chain that ends at a private CA, with a reason the service is not known to use:
 * the intercepting proxy or front may have sent it itself. Only a hint: the comparison across connections
 * (timer-comparison.ts) outranks it when other connections settle the timer.
 */
export function privateChainHint(row: ClosureFacts, close: string): ClosureVerdict {
  return {
    cause: 'intermediary',
    confidence: 'medium',
    evidence:
      `The ${close} at an age of ${d(row.lifetimeMs)}${inRealTime(row, row.realLifetimeMs)} does not carry a close ` +
      `reason the service is known to use${pathClues(row.signals)}, ` +
      'so a TLS-intercepting proxy or front may have sent it.',
  };
}

/** Heartbeats came until shortly before the close (within the gap that counts as a missed beat). */
export function heartbeatsFlowing(row: Pick<ClosureFacts, 'sinceHeartbeatMs'>): boolean {
  return row.sinceHeartbeatMs !== null && row.sinceHeartbeatMs <= MISSED_HEARTBEAT_THRESHOLD_MS;
}

/** ` (1m 00.0s in real time)` under a time scale; empty at 1x, where the two are the same. */
function inRealTime(row: ClosureFacts, realMs: number): string {
  return row.timeScale === 1 ? '' : ` (${d(realMs)} in real time)`;
}

/** How the heartbeats stood at the cut; "had stopped" only when some had arrived to stop. */
function heartbeatsText(row: ClosureFacts, flowing: boolean): string {
  if (flowing) return `while heartbeats arrived until ${d(row.sinceHeartbeatMs)} before`;
  if (row.heartbeats === 0) return 'before any heartbeat had arrived on it';
  return `while heartbeats had stopped ${d(row.sinceHeartbeatMs)} before`;
}

import { checkChannelLeak, checkResubscribeBeforeExpiry } from './check-channels.js';
import { checkEventsLost } from './check-events-lost.js';
import { checkHalfOpenDetected } from './check-half-open.js';
import { checkPingCadence } from './check-ping.js';
import { checkRetryAfterHonoured } from './check-retry-after.js';
import { checkTokenRenewed } from './check-token.js';
import { checkReconnectAfterWarning, checkSameChannelAfterWarning } from './check-warning.js';
import { type ClientView, clientViews } from './client-view.js';
import { DEFAULT_HEARTBEAT_INTERVAL_MS } from './grade-rules.js';
import type { GradeRecord } from './journal-record.js';
import type { CardCheck, ReportCard } from './report-card.js';

export interface GradeOptions {
  /** The scenario's heartbeat interval; otherwise read from the journal's heartbeats, else the documented 30 s. */
  heartbeatIntervalMs?: number;
}

const CHECKS: ReadonlyArray<(view: ClientView) => CardCheck> = [
  checkReconnectAfterWarning,
  checkSameChannelAfterWarning,
  checkHalfOpenDetected,
  checkChannelLeak,
  checkResubscribeBeforeExpiry,
  checkTokenRenewed,
  checkRetryAfterHonoured,
  checkEventsLost,
  checkPingCadence,
];

/** A report card for every client in the journal, in the order they first appear. Pure: no clock, no I/O. */
export function gradeJournal(records: readonly GradeRecord[], options: GradeOptions = {}): ReportCard {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? heartbeatIntervalOf(records);
  return {
    schema: 1,
    clients: clientViews(records, heartbeatIntervalMs).map((view) => ({
      client: view.client,
      checks: CHECKS.map((check) => check(view)),
    })),
  };
}

/** The median gap between consecutive heartbeats on one socket (to the second from 5 s), or the documented interval. */
export function heartbeatIntervalOf(records: readonly GradeRecord[]): number {
  const last = new Map<string, number>();
  const gaps: number[] = [];
  for (const record of records) {
    if (record.kind === 'open') last.delete(record.socket === undefined ? record.channel : `socket:${record.socket}`);
    if (record.kind !== 'heartbeat') continue;
    const key = record.socket === undefined ? record.channel : `socket:${record.socket}`;
    const previous = last.get(key);
    if (previous !== undefined) gaps.push(record.scenarioMs - previous);
    last.set(key, record.scenarioMs);
  }
  if (gaps.length === 0) return DEFAULT_HEARTBEAT_INTERVAL_MS;
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  // Scenario intervals are round numbers, and a fast time scale blurs each gap by its timers' lateness times
  // the scale: a saved journal grades like the live card, which knows the scenario's interval.
  return median >= 5_000 ? Math.round(median / 1_000) * 1_000 : median;
}

import { formatDuration } from '../clock/time-text.js';
import type { ProbeEvent } from '../events/types.js';
import { plural } from '../report/plural.js';

/** What the live status line shows, kept current from the event stream. */
export interface StatusState {
  state: 'starting' | 'connecting' | 'open' | 'waiting' | 'stopping';
  conn: number;
  heartbeats: number;
  lastHeartbeatMono: number | null;
  closures: number;
}

export class StatusTracker {
  readonly state: StatusState = { state: 'starting', conn: 0, heartbeats: 0, lastHeartbeatMono: null, closures: 0 };

  observe(event: ProbeEvent): void {
    const s = this.state;
    switch (event.event) {
      case 'connecting':
        s.state = 'connecting';
        s.conn = event.conn;
        return;
      case 'open':
        s.state = 'open';
        return;
      case 'heartbeat':
        s.heartbeats += 1;
        s.lastHeartbeatMono = event.mono;
        return;
      case 'close':
        if (event.by !== 'probe') s.closures += 1;
        s.state = event.by === 'probe' ? 'stopping' : 'waiting';
        return;
      case 'run-end':
        s.state = 'stopping';
    }
  }
}

/** A line worth interrupting the status for, or null: today, a token about to idle out. */
export function noticeFor(event: ProbeEvent): string | null {
  if (event.event === 'clamp') return clampNotice(event);
  // A call the run cannot start without met passing trouble (src/probe/passing-trouble.ts): said as it
  // happens, so a service that hangs or fails is not a long silence before the run gives up.
  if (event.event === 'error' && event.lane === undefined && event.cause !== undefined)
    return `${event.message} Retrying with backoff.`;
  if (event.event !== 'token-expiring') return null;
  return (
    `the token will idle out at ${event.expiresAt.slice(11, 19)} UTC under the org's idle token timeout ` +
    '(no API call since): an agent app that makes none would lose its token now too.'
  );
}

/**
 * One line: elapsed run time, connection state, heartbeats and the age of the last one, closures.
 * Durations read in scenario time (wall ms times the time scale), like the summary.
 */
export function renderStatus(s: StatusState, elapsedMs: number, timeScale: number): string {
  const scaled = (ms: number): number => ms * timeScale;
  const since =
    s.lastHeartbeatMono === null ? '' : `, last ${formatDuration(scaled(elapsedMs - s.lastHeartbeatMono))} ago`;
  const conn = s.conn > 0 ? ` #${s.conn}` : '';
  return `${formatDuration(scaled(elapsedMs))} · ${s.state}${conn} · ${plural(s.heartbeats, 'heartbeat')}${since} · ${plural(s.closures, 'closure')}`;
}

/** A figure from the service idleprobe would not obey as given: said once, where the person watching sees it. */
function clampNotice(event: Extract<ProbeEvent, { event: 'clamp' }>): string {
  const given = event.givenMs >= Number.MAX_VALUE ? 'a figure too large to read' : formatDuration(event.givenMs);
  const used = formatDuration(event.usedMs);
  const lane = event.lane === undefined ? '' : ` (lane ${event.lane})`;
  return event.what === 'retry-after'
    ? `the service asked to retry after ${given}${lane}; waiting ${used} instead, the longest idleprobe waits before trying again.`
    : `the login service gave the token a lifetime of ${given}, which no OAuth client has; renewing it as one of ${used}.`;
}

import { parseKeepalive } from '../channel/keepalive.js';
import { formatDuration as d } from '../clock/time-text.js';
import { onBoxClock } from './box-clock.js';
import { withClause } from './path-clues.js';
import type { ClosureRow } from './summary.js';

/**
 * What the lanes that survived say about the box that cut another lane of the same run. A box counting
 * TCP-level idle time (a NAT, a firewall, a load balancer) is kept open by TCP keepalive sent more often
 * than its timer fires; so a `tcp:N` lane that lived past the moment the box cut the other lane shows that
 * the box's timer is longer than N. The cut connection itself bounds the timer from above: whatever the
 * box counts (client bytes, or packets either way), its idle count at the cut was at most the client's
 * silence then, and a watchdog end comes after the cut. The bracket tells a network team which timer to
 * look for, and which keepalive interval is short enough.
 *
 * Only path causes that came without a close frame are bounded, and only by lanes of the same run (one
 * machine, one path); every figure is on the box's clock (real time unless the simulator's own box).
 */
export function boundPathTimers(closures: ClosureRow[], endedByProbe: ClosureRow[]): ClosureRow[] {
  const survivors = tcpSurvivorsByRun(closures, endedByProbe);
  if (survivors.size === 0) return closures;
  return closures.map((row) => {
    const lanes = survivors.get(row.run);
    if (!lanes || row.clean || (row.cause !== 'intermediary' && row.cause !== 'half-open')) return row;
    const bound = bracket(row, lanes);
    return bound === '' ? row : { ...row, evidence: withClause(row.evidence, bound) };
  });
}

/** A lane with TCP keepalive that no closure ended in its run: its label, interval and longest connection. */
interface TcpSurvivor {
  label: string;
  intervalMs: number;
  longest: ClosureRow;
}

function tcpSurvivorsByRun(closures: ClosureRow[], endedByProbe: ClosureRow[]): Map<number, TcpSurvivor[]> {
  const closedLanes = new Set(closures.map((row) => laneKey(row.run, row.keepalive)));
  const byLane = new Map<string, TcpSurvivor>();
  for (const row of endedByProbe) {
    const intervalMs = tcpInterval(row.keepalive);
    const key = laneKey(row.run, row.keepalive);
    if (intervalMs === null || closedLanes.has(key)) continue;
    const known = byLane.get(key);
    if (!known || known.longest.lifetimeMs < row.lifetimeMs) {
      byLane.set(key, { label: row.keepalive as string, intervalMs, longest: row });
    }
  }
  const byRun = new Map<number, TcpSurvivor[]>();
  for (const survivor of byLane.values()) {
    const run = survivor.longest.run;
    byRun.set(run, [...(byRun.get(run) ?? []), survivor]);
  }
  return byRun;
}

/** `; the tcp:1s lane survived ..., so the box's idle timer is longer than 1.0s ... and at most 6.0s ...`, or empty. */
function bracket(row: ClosureRow, lanes: TcpSurvivor[]): string {
  const box = (ms: number) => onBoxClock(row, ms);
  const upper = box(row.sinceOutboundMs ?? row.signals.sinceUpgradeMs ?? row.lifetimeMs);
  // A lane that did not outlive the cut says nothing: the box may simply not have reached it yet.
  const witnesses = lanes.filter((lane) => box(lane.longest.lifetimeMs) > upper);
  if (witnesses.length === 0) return '';
  const widest = witnesses.reduce((a, b) => (a.intervalMs >= b.intervalMs ? a : b));
  const lower = box(widest.intervalMs);
  // Keepalive more frequent than the cut connection's own silence would not have been needed: no bracket.
  if (lower >= upper) return '';
  const real = row.signals.boxClock === 'real' && row.timeScale !== 1 ? ' of real time' : '';
  const end = row.cause === 'half-open' ? 'when the watchdog ended it' : 'when it was cut';
  return (
    `; the ${widest.label} lane survived in the same run, so the box's idle timer is longer than ${d(lower)}${real}, ` +
    `that lane's TCP keepalive interval, and at most ${d(upper)}${real}, this connection's client silence ${end}`
  );
}

/** The interval of a `tcp:N` keepalive label, or null for any other strategy. */
function tcpInterval(label: string | null): number | null {
  if (label === null || !label.startsWith('tcp:')) return null;
  try {
    const strategy = parseKeepalive(label);
    return strategy.kind === 'tcp' ? strategy.intervalMs : null;
  } catch {
    return null;
  }
}

function laneKey(run: number, keepalive: string | null): string {
  return `${run}\u0000${keepalive ?? ''}`;
}

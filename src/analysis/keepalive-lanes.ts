import { parseDuration } from '../clock/time-text.js';
import { KEEPALIVE_KINDS, type KeepaliveKind } from '../protocol/keepalive-kinds.js';
import { HEARTBEAT_INTERVAL_MS } from '../protocol/timing.js';
import { toleranceFor } from './intermediary-timers.js';
import type { ClosureRow } from './summary.js';

/**
 * One keepalive strategy of a side-by-side run (every connection that used it, over every channel and
 * reconnect), and whether its outcome can be used: a keepalive that never went out before the cut cannot
 * have saved the connection, nor can a lane's survival say anything if it sent none or ended early.
 */
export interface KeepaliveLane {
  /** The label as logged (`none`, `tcp:30s`, ...), or `unnamed` for logs that do not name it. */
  label: string;
  /** The layer the strategy reaches, or null for a label idleprobe does not know. */
  layer: KeepaliveKind | null;
  /** The keepalive interval in scenario time; null for `none` or an unknown label. */
  intervalMs: number | null;
  connections: number;
  /** Closures not caused by the probe, in the order of the report. */
  closures: ClosureRow[];
  survived: boolean;
  /** The oldest any of its connections got, closed or ended by the probe. */
  longestAgeMs: number;
  /** Whether it sent at least one keepalive on a connection that did not close (a survivor's proof). */
  sentKeepalive: boolean;
  /** Whether at least one of its closures came after a keepalive had gone out on a working path. */
  closedAfterKeepalive: boolean;
  /** Whether the verdict uses its outcome (see `countLanes`). */
  counted: boolean;
}

/** The layers from the lowest, as ranks: an unknown label ranks above every known one. */
export function rankOf(layer: KeepaliveKind | null): number {
  return layer === null ? KEEPALIVE_KINDS.length : KEEPALIVE_KINDS.indexOf(layer);
}

/** The lanes of the rows, in layer order (then by label), each judged countable or not. */
export function keepaliveLanes(closures: ClosureRow[], endedByProbe: ClosureRow[]): KeepaliveLane[] {
  const lanes = new Map<string, KeepaliveLane>();
  const tally = (row: ClosureRow, closed: boolean): void => {
    const label = row.keepalive ?? 'unnamed';
    let lane = lanes.get(label);
    if (!lane) {
      lane = {
        label,
        ...parseLabel(label),
        connections: 0,
        closures: [],
        survived: true,
        longestAgeMs: 0,
        sentKeepalive: false,
        closedAfterKeepalive: false,
        counted: false,
      };
      lanes.set(label, lane);
    }
    lane.connections += 1;
    lane.longestAgeMs = Math.max(lane.longestAgeMs, row.lifetimeMs);
    if (closed) {
      lane.closures.push(row);
      lane.survived = false;
      lane.closedAfterKeepalive ||= keepaliveWentOutBy(lane, row, aliveUntilMs(row));
    } else lane.sentKeepalive ||= keepaliveWentOutBy(lane, row, row.lifetimeMs);
  };
  for (const row of closures) tally(row, true);
  for (const row of endedByProbe) tally(row, false);
  const sorted = [...lanes.values()].sort(
    (a, b) => rankOf(a.layer) - rankOf(b.layer) || a.label.localeCompare(b.label),
  );
  countLanes(sorted);
  return sorted;
}

/**
 * Which outcomes the verdict may use. `none` and labels it cannot read always count. A lane that closed
 * counts when at least one of its closures came after a keepalive went out (that keepalive was not
 * enough). A lane that survived counts when it sent a keepalive and lived at least as long as the
 * youngest closure of the lanes that count as closed (otherwise it survived only by ending first).
 */
function countLanes(lanes: KeepaliveLane[]): void {
  for (const lane of lanes) if (!lane.survived) lane.counted = !needsKeepalive(lane) || lane.closedAfterKeepalive;
  const closedLanes = lanes.filter((lane) => !lane.survived && lane.counted);
  const youngestClosure = closedLanes.length > 0 ? youngestClosureOf(closedLanes) : 0;
  for (const lane of lanes) {
    if (!lane.survived) continue;
    const outlived = lane.longestAgeMs >= youngestClosure - toleranceFor(youngestClosure);
    lane.counted = outlived && (!needsKeepalive(lane) || lane.sentKeepalive);
  }
}

/** Whether the lane's outcome depends on its keepalive having gone out (not `none`, not an unknown label). */
export function needsKeepalive(lane: Pick<KeepaliveLane, 'layer'>): boolean {
  return lane.layer !== null && lane.layer !== 'none';
}

/** The youngest age up to which a closure of these lanes had a working path (a loop: a soak has many rows). */
export function youngestClosureOf(lanes: readonly KeepaliveLane[]): number {
  let youngest = Number.POSITIVE_INFINITY;
  for (const lane of lanes) for (const row of lane.closures) youngest = Math.min(youngest, aliveUntilMs(row));
  return youngest;
}

/**
 * Whether the connection's keepalive had gone out by the age `byMs`. Pings are in the log (`ping` events);
 * TCP keepalive is handed to the kernel and its probes are invisible, so a `tcp` connection counts as
 * having sent one once it was older than its interval (the kernel's first probe after that much idle).
 */
function keepaliveWentOutBy(lane: Pick<KeepaliveLane, 'layer' | 'intervalMs'>, row: ClosureRow, byMs: number): boolean {
  if (lane.layer === 'tcp') return lane.intervalMs !== null && lane.intervalMs <= byMs;
  return row.firstKeepaliveMs !== null && row.firstKeepaliveMs <= byMs;
}

/**
 * The age up to which a closed connection is known to have had a working path. A cut or a close frame
 * ends it at the close; a black hole ended by the watchdog may have begun any time after the last frame
 * from the service, so only that much is certain, and a keepalive sent into the silence proves nothing.
 */
export function aliveUntilMs(row: ClosureRow): number {
  if (row.by !== 'watchdog') return row.lifetimeMs;
  return row.lifetimeMs - (row.sinceInboundMs ?? row.lifetimeMs);
}

/**
 * The age by which a closed connection was surely cut: its close, or for a black hole the heartbeat that
 * never came after the last frame (the service sends one every 30 s), if the watchdog ended it later.
 */
export function cutByMs(row: ClosureRow): number {
  if (row.by !== 'watchdog') return row.lifetimeMs;
  return Math.min(row.lifetimeMs, aliveUntilMs(row) + HEARTBEAT_INTERVAL_MS);
}

/** `tcp:30s` -> the layer and the interval; anything else idleprobe does not write -> no layer. */
function parseLabel(label: string): Pick<KeepaliveLane, 'layer' | 'intervalMs'> {
  const [kind, interval] = label.split(':');
  const layer = KEEPALIVE_KINDS.find((known) => known === kind) ?? null;
  if (layer === null || layer === 'none' || interval === undefined) return { layer, intervalMs: null };
  try {
    return { layer, intervalMs: parseDuration(interval) };
  } catch {
    return { layer: null, intervalMs: null };
  }
}

import { KEEPALIVE_KINDS, type KeepaliveKind } from '../protocol/keepalive-kinds.js';
import type { ClosureRow, KeepaliveOutcome, KeepaliveVerdict } from './summary.js';

/** The layers a keepalive reaches, from the lowest: each one also feeds every timer below it. */
const LAYERS = KEEPALIVE_KINDS;
type Layer = KeepaliveKind;

/**
 * Which keepalive strategies survived a run that tried several side by side, and which layer that
 * points to. Null when the report holds one strategy or none: there is nothing to compare.
 */
export function keepaliveVerdict(closures: ClosureRow[], endedByProbe: ClosureRow[]): KeepaliveVerdict | null {
  const outcomes = new Map<string, KeepaliveOutcome>();
  const tally = (row: ClosureRow, closed: boolean): void => {
    const label = row.keepalive ?? 'unnamed';
    const outcome = outcomes.get(label) ?? { keepalive: label, connections: 0, closures: 0, survived: true };
    outcome.connections += 1;
    if (closed) {
      outcome.closures += 1;
      outcome.survived = false;
    }
    outcomes.set(label, outcome);
  };
  for (const row of closures) tally(row, true);
  for (const row of endedByProbe) tally(row, false);
  if (outcomes.size < 2) return null;
  const strategies = [...outcomes.values()].sort(
    (a, b) => rank(a.keepalive) - rank(b.keepalive) || a.keepalive.localeCompare(b.keepalive),
  );
  const survivors = strategies.filter((s) => s.survived).map((s) => s.keepalive);
  return { strategies, survivors, pointsTo: interpret(strategies) };
}

function layerOf(label: string): Layer | null {
  const kind = label.split(':')[0] ?? '';
  return (LAYERS as readonly string[]).includes(kind) ? (kind as Layer) : null;
}

function rank(label: string): number {
  const layer = layerOf(label);
  return layer === null ? LAYERS.length : LAYERS.indexOf(layer);
}

function interpret(strategies: KeepaliveOutcome[]): string {
  const survived = new Set(strategies.filter((s) => s.survived).map((s) => layerOf(s.keepalive)));
  const closed = new Set(strategies.filter((s) => !s.survived).map((s) => layerOf(s.keepalive)));
  if (closed.size === 0)
    return 'Every strategy survived: nothing closed within this run, so no layer is implicated; run longer.';
  if (survived.size === 0) {
    return 'No strategy survived: traffic does not matter, which points to a connection lifetime cap or the token; compare the ages.';
  }
  if (survived.has('none'))
    return 'Even the connection without keepalive survived: the closures depend on something other than traffic.';
  if (survived.has('tcp')) {
    return 'TCP keepalive was enough: a NAT, load balancer or firewall counting TCP idle time closes quiet connections.';
  }
  if (survived.has('ws-ping')) {
    return 'RFC 6455 pings were enough but TCP keepalive was not: a proxy or gateway that terminates TCP counts WebSocket idle time.';
  }
  if (survived.has('ping')) {
    return 'Only app-level {"message":"ping"} survived: a service-side policy counts client messages (a client-silence idle timer).';
  }
  return 'The surviving strategies are not ones idleprobe names, so the layer cannot be told.';
}

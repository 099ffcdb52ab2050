import { compactDuration, spokenDuration as say } from '../clock/time-text.js';
import { KEEPALIVE_KINDS } from '../protocol/keepalive-kinds.js';
import { aliveUntilMs, cutByMs, type KeepaliveLane, needsKeepalive } from './keepalive-lanes.js';
import type { ClosureRow } from './summary.js';

/**
 * The sentences a keepalive verdict gives when it cannot name a layer, each saying why and what to run
 * next, with the command. Durations are spoken round (`20 s`), as the timers they are compared with are.
 */

/** Intervals a person would type, from the shortest: the advice picks one of these. */
const ROUND_INTERVALS_MS = [
  100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000,
];
/** The kernel sets TCP keepalive in whole seconds: a shorter interval cannot be asked of it. */
const TCP_MIN_INTERVAL_MS = 1_000;

/** A round interval at most half of `ageMs`, so at least one keepalive goes out well before a cut at that age. */
export function intervalUnder(ageMs: number): number {
  let chosen = ROUND_INTERVALS_MS[0] as number;
  for (const interval of ROUND_INTERVALS_MS) if (interval <= ageMs / 2) chosen = interval;
  return chosen;
}

/** The same experiment with every keepalive at `intervalMs`: `idleprobe run --keepalive none,tcp:10s,... ...`. */
export function nextRunCommand(lanes: readonly KeepaliveLane[], intervalMs: number): string {
  const tried = KEEPALIVE_KINDS.filter((kind) => lanes.some((lane) => lane.layer === kind));
  const labels = tried.map((kind) => {
    if (kind === 'none') return kind;
    return `${kind}:${compactDuration(kind === 'tcp' ? Math.max(intervalMs, TCP_MIN_INTERVAL_MS) : intervalMs)}`;
  });
  // The trailing `...` stands for the run's other flags (target, topics, duration), which a log does not keep.
  return `idleprobe run --keepalive ${labels.join(',')} ...`;
}

/**
 * Lanes cut before their first keepalive went out: "every lane was cut after about 20 s, before its first
 * keepalive at 30 s: run again with intervals under 20 s: idleprobe run --keepalive none,tcp:10s,... ...".
 */
export function cutBeforeKeepalive(blocked: readonly KeepaliveLane[], lanes: readonly KeepaliveLane[]): string {
  const cuts = blocked.flatMap((lane) => lane.closures.map(describeCut));
  const first = cuts.reduce((a, b) => (b.ageMs < a.ageMs ? b : a));
  // Loops and a set, not Math.min(...) and includes(): a log can name any number of keepalive labels.
  let shortest: number | null = null;
  for (const lane of blocked)
    if (lane.intervalMs !== null) shortest = Math.min(shortest ?? lane.intervalMs, lane.intervalMs);
  const isBlocked = new Set(blocked);
  const every =
    lanes.every((lane) => !lane.survived) && lanes.filter(needsKeepalive).every((lane) => isBlocked.has(lane));
  const one = every || blocked.length === 1;
  const who = every ? 'every lane' : labels(blocked);
  const what = first.silent ? `went silent ${first.silent}` : `${one ? 'was' : 'were'} cut after`;
  const at = shortest !== null ? ` at ${say(shortest)}` : '';
  return (
    `${who} ${what} about ${say(first.ageMs)}, before ${one ? 'its' : 'their'} first keepalive${at}: ` +
    `run again with intervals under ${say(first.ageMs)}: ${nextRunCommand(lanes, intervalUnder(first.ageMs))}`
  );
}

/**
 * When a closure's path was cut, as far as the log says. A cut or a close frame: at the close. A black hole
 * the watchdog ended: it went silent after the last frame from the service, or, when none came after the
 * open, within the first heartbeat interval.
 */
function describeCut(row: ClosureRow): { ageMs: number; silent: 'after' | 'within' | null } {
  if (row.by !== 'watchdog') return { ageMs: row.lifetimeMs, silent: null };
  const alive = aliveUntilMs(row);
  return alive > 0 ? { ageMs: alive, silent: 'after' } : { ageMs: cutByMs(row), silent: 'within' };
}

/** Lanes that survived without showing that their keepalive did it: none went out, or they ended first. */
export function survivedWithoutProof(
  idle: readonly KeepaliveLane[],
  lanes: readonly KeepaliveLane[],
  youngestClosureMs: number,
): string {
  const clauses = idle.map((lane) => {
    const lived = `its connections lived at most ${say(lane.longestAgeMs)}`;
    if (needsKeepalive(lane) && !lane.sentKeepalive) {
      const interval = lane.intervalMs === null ? '' : `, less than its interval of ${say(lane.intervalMs)}`;
      return `${lane.label} survived without sending a keepalive (${lived}${interval})`;
    }
    return `${lane.label} survived only by ending first (${lived}, less than the ${say(youngestClosureMs)} at which the others closed)`;
  });
  return (
    `${clauses.join('; ')}, so ${idle.length === 1 ? 'its' : 'their'} survival says nothing: run longer than ${say(youngestClosureMs)}, ` +
    `with intervals under it: ${nextRunCommand(lanes, intervalUnder(youngestClosureMs))}`
  );
}

/** `none`, `none and tcp:30s`, `none, tcp:30s and ws-ping:30s`. */
export function labels(lanes: readonly KeepaliveLane[]): string {
  const names = lanes.map((lane) => lane.label);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

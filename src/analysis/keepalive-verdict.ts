import { spokenDuration as say } from '../clock/time-text.js';
import type { KeepaliveKind } from '../protocol/keepalive-kinds.js';
import type { ClosureCause } from './closure-cause.js';
import { cutBeforeKeepalive, labels, survivedWithoutProof } from './keepalive-advice.js';
import { type KeepaliveLane, keepaliveLanes, needsKeepalive, rankOf, youngestClosureOf } from './keepalive-lanes.js';
import type { ClosureRow, KeepaliveVerdict } from './summary.js';

/** The closures' own causes that agree with the layer the surviving lanes name; `none`: any cause. */
const PATH_CAUSES: ReadonlySet<ClosureCause> = new Set(['intermediary', 'half-open']);
const AGREEING_CAUSES: Readonly<Record<KeepaliveKind, ReadonlySet<ClosureCause> | null>> = {
  none: null,
  tcp: PATH_CAUSES,
  'ws-ping': PATH_CAUSES,
  ping: new Set(['client-silence']),
};

/** What each lowest surviving layer points to (closure-causes.md, "The decisive experiment"). */
const POINTS_TO: Readonly<Record<KeepaliveKind, string>> = {
  none: 'Even the connection without keepalive survived: the closures depend on something other than traffic.',
  tcp: 'TCP keepalive was enough: a NAT, load balancer or firewall counting TCP idle time closes quiet connections.',
  'ws-ping':
    'RFC 6455 pings were enough but TCP keepalive was not: a proxy or gateway that terminates TCP counts WebSocket idle time.',
  ping: 'Only app-level {"message":"ping"} survived: a service-side policy counts client messages (a client-silence idle timer).',
};
const LAYER_NAMES: Readonly<Record<KeepaliveKind, string>> = {
  none: 'something other than traffic',
  tcp: 'a NAT, load balancer or firewall counting TCP idle time',
  'ws-ping': 'a proxy or gateway that terminates TCP',
  ping: 'a service-side policy counting client messages',
};
const EVERY_SURVIVED =
  'Every strategy survived: nothing closed within this run, so no layer is implicated; run longer.';
const NONE_SURVIVED =
  'No strategy survived: traffic does not matter, which points to a connection lifetime cap or the token; compare the ages.';
const NO_LAYER = 'No layer can be named from this run.';

type Judgement = Pick<KeepaliveVerdict, 'pointsTo' | 'conclusive' | 'why'>;

/**
 * One verdict per target and scenario: strategies tried against different targets (merged logs of
 * unrelated runs) say nothing about each other. Runs are grouped by `targetOf(row.run)`, in report order.
 */
export function keepaliveVerdicts(
  closures: readonly ClosureRow[],
  endedByProbe: readonly ClosureRow[],
  targetOf: (run: number) => string | null,
): KeepaliveVerdict[] {
  const groups = new Map<string | null, { closures: ClosureRow[]; endedByProbe: ClosureRow[] }>();
  const group = (row: ClosureRow) => {
    const target = targetOf(row.run);
    const found = groups.get(target) ?? { closures: [], endedByProbe: [] };
    groups.set(target, found);
    return found;
  };
  for (const row of closures) group(row).closures.push(row);
  for (const row of endedByProbe) group(row).endedByProbe.push(row);
  const verdicts: KeepaliveVerdict[] = [];
  for (const [target, rows] of groups) {
    const verdict = keepaliveVerdict(target, rows.closures, rows.endedByProbe);
    if (verdict) verdicts.push(verdict);
  }
  return verdicts;
}

/**
 * Which keepalive strategies survived a run that tried several side by side, which layer that points to,
 * and whether the run can say so. Null when the rows hold one strategy or none: there is nothing to compare.
 */
export function keepaliveVerdict(
  target: string | null,
  closures: readonly ClosureRow[],
  endedByProbe: readonly ClosureRow[],
): KeepaliveVerdict | null {
  const lanes = keepaliveLanes([...closures], [...endedByProbe]);
  if (lanes.length < 2) return null;
  return {
    target,
    strategies: lanes.map((lane) => ({
      keepalive: lane.label,
      connections: lane.connections,
      closures: lane.closures.length,
      survived: lane.survived,
      counted: lane.counted,
    })),
    survivors: lanes.filter((lane) => lane.survived).map((lane) => lane.label),
    ...judge(lanes),
  };
}

/**
 * Conclusive only when it can be: every lane whose outcome it uses sent a keepalive before its closures
 * (or, having survived, sent one and outlived the others' closures), the lanes differ in outcome, and the
 * closures' own causes agree with the layer the survivors name. Otherwise it says why not and what to run.
 */
function judge(lanes: KeepaliveLane[]): Judgement {
  if (lanes.every((lane) => lane.survived)) {
    const longest = largest(lanes.map((lane) => lane.longestAgeMs));
    return inconclusive(
      EVERY_SURVIVED,
      `nothing closed, so the lanes do not differ in outcome (the oldest connection lived ${say(longest)}): run longer.`,
    );
  }
  const closed = lanes.filter((lane) => !lane.survived && lane.counted);
  const survived = lanes.filter((lane) => lane.survived && lane.counted);
  const blocked = lanes.filter((lane) => !lane.survived && !lane.counted);
  const idle = lanes.filter((lane) => lane.survived && !lane.counted);
  if (closed.length === 0) return inconclusive(NO_LAYER, cutBeforeKeepalive(blocked, lanes));
  const youngestClosure = youngestClosureOf(closed);
  if (survived.length === 0) return noneSurvived(lanes, closed, blocked, idle, youngestClosure);
  return someSurvived({ lanes, closed, survived, blocked, idle, youngestClosure });
}

/** The lanes of one experiment, sorted by whether the verdict counts them and how they ended. */
interface Sorted {
  lanes: KeepaliveLane[];
  /** Counted lanes that closed, and counted lanes that survived. */
  closed: KeepaliveLane[];
  survived: KeepaliveLane[];
  /** Lanes cut only before their first keepalive, and lanes that survived without showing why. */
  blocked: KeepaliveLane[];
  idle: KeepaliveLane[];
  /** The youngest closure of the counted lanes that closed. */
  youngestClosure: number;
}

/**
 * Some counted lanes survived and some closed: the lowest surviving layer names what cuts, provided the
 * lanes above it did not close after all, no lane in doubt lies between the highest that closed and it,
 * and the closures' own causes agree.
 */
function someSurvived({ lanes, closed, survived, blocked, idle, youngestClosure }: Sorted): Judgement {
  const lowest = survived[0] as KeepaliveLane;
  if (lowest.layer === null) {
    return inconclusive(
      'The surviving strategies are not ones idleprobe names, so the layer cannot be told.',
      `the surviving strategies (${labels(survived)}) are not ones idleprobe names, so the layer cannot be told.`,
    );
  }
  const rank = rankOf(lowest.layer);
  // A lane without keepalive surviving while others closed is itself the finding: traffic is not what counts.
  const above = lowest.layer === 'none' ? [] : closed.filter((lane) => rankOf(lane.layer) > rank);
  if (above.length > 0) {
    return inconclusive(
      NO_LAYER,
      `${labels(above)} closed after ${above.length === 1 ? 'its' : 'their'} keepalives went out although ${lowest.label}, ` +
        `a lower layer, survived: the lanes contradict each other, so something other than idle time closed ${above.length === 1 ? 'it' : 'them'}; ` +
        `look at ${above.length === 1 ? 'its' : 'their'} closures' causes (${causesOf(above)}).`,
    );
  }
  // Between the highest lane that closed and the lowest that survived, a lane whose outcome does not count
  // leaves the layer open: it might have survived (or closed) had its keepalive gone out.
  const floor = largest(closed.map((lane) => rankOf(lane.layer)));
  const gap = lanes.filter((lane) => !lane.counted && rankOf(lane.layer) > floor && rankOf(lane.layer) < rank);
  if (gap.length > 0) {
    const open = `${labels(survived)} survived and ${labels(closed)} closed, but `;
    const gapBlocked = gap.filter((lane) => !lane.survived);
    return inconclusive(
      NO_LAYER,
      open +
        (gapBlocked.length > 0
          ? cutBeforeKeepalive(gapBlocked, lanes)
          : survivedWithoutProof(gap, lanes, youngestClosure)),
    );
  }
  const agreeing = AGREEING_CAUSES[lowest.layer];
  const rows = closed.flatMap((lane) => lane.closures);
  const disagreeing = agreeing ? rows.filter((row) => !agreeing.has(row.cause) && row.cause !== 'unexplained') : [];
  if (disagreeing.length > 0) {
    return inconclusive(
      NO_LAYER,
      `the surviving lanes point to ${LAYER_NAMES[lowest.layer]}, but ${disagreeing.length} of the ${rows.length} ` +
        `closures of ${labels(closed)} ${disagreeing.length === 1 ? 'was' : 'were'} classified ${distinct(disagreeing.map((row) => row.cause))}: the keepalive ` +
        `outcomes and the closures' own evidence disagree, so read those closures' causes first.`,
    );
  }
  const leftOut = [...blocked, ...idle];
  const notCounted =
    leftOut.length === 0
      ? ''
      : ` ${labels(leftOut)} ${leftOut.length === 1 ? 'is' : 'are'} not counted: ${leftOut.length === 1 ? 'it' : 'they'} ` +
        'closed only before a keepalive went out, or survived without sending one or without living as long.';
  return {
    pointsTo: POINTS_TO[lowest.layer],
    conclusive: true,
    why:
      `${labels(survived)} survived where ${labels(closed)} closed, every lane counted sent a keepalive before its ` +
      `closures or outlived them, and the closures' own causes agree (${causesOf(closed)}).${notCounted}`,
  };
}

/**
 * No lane that counts survived. Traffic does not decide when a lane closed although its keepalives went
 * out, provided nothing below it is in doubt, or it sent app messages, which every layer sees. Lanes
 * differ in nothing, so this is never conclusive; otherwise the lanes left in doubt say what to run next.
 */
function noneSurvived(
  lanes: KeepaliveLane[],
  closed: KeepaliveLane[],
  blocked: KeepaliveLane[],
  idle: KeepaliveLane[],
  youngestClosure: number,
): Judgement {
  const proved = closed.filter((lane) => needsKeepalive(lane) && (blocked.length === 0 || lane.layer === 'ping'));
  if (idle.length === 0 && proved.length > 0) {
    return inconclusive(
      NONE_SURVIVED,
      `no lane survived although ${labels(proved)} sent keepalives before ${proved.length === 1 ? 'its' : 'their'} ` +
        'closures, so the lanes do not differ: traffic does not decide and no layer can be named; ' +
        `the closures' own causes (${causesOf(closed)}) and ages say what closed them.`,
    );
  }
  if (blocked.length > 0) return inconclusive(NO_LAYER, cutBeforeKeepalive(blocked, lanes));
  if (idle.length > 0) return inconclusive(NO_LAYER, survivedWithoutProof(idle, lanes, youngestClosure));
  return inconclusive(NO_LAYER, `none of ${labels(lanes)} is a keepalive idleprobe knows, so no layer can be named.`);
}

/** The largest of some numbers (-Infinity for none), by a loop: a log can name any number of keepalive labels. */
function largest(values: readonly number[]): number {
  let most = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > most) most = value;
  return most;
}

function inconclusive(pointsTo: string, why: string): Judgement {
  return { pointsTo, conclusive: false, why };
}

function causesOf(lanes: readonly KeepaliveLane[]): string {
  return distinct(lanes.flatMap((lane) => lane.closures.map((row) => row.cause)));
}

function distinct(causes: readonly string[]): string {
  return [...new Set(causes)].join(', ');
}

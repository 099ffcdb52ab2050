import { formatDuration } from '../clock/time-text.js';
import type { ProbeEvent } from '../events/types.js';
import { plural } from '../report/plural.js';

type LaneState = 'starting' | 'connecting' | 'open' | 'waiting' | 'ended';

/** One lane as the live view knows it; monotonic times in real milliseconds. */
interface LiveLane {
  lane: number;
  keepalive: string | null;
  state: LaneState;
  conn: number;
  lastHeartbeatMono: number | null;
  /** Since when the lane has had no open connection, or null while one is open (or it ended). */
  blindSinceMono: number | null;
  blindMs: number;
}

/**
 * What the live view of a run on a terminal shows, kept current from the event stream: each lane's state
 * and last heartbeat, the closures so far, and the time each lane had no open connection. A rough live
 * figure; the summary's blind time comes from the analysis.
 */
export class LiveViewTracker {
  readonly lanes = new Map<number, LiveLane>();
  private readonly laneOfConn = new Map<number, number>();
  heartbeats = 0;
  closures = 0;
  stopping = false;

  observe(event: ProbeEvent): void {
    switch (event.event) {
      case 'lane-start':
        this.lane(event.lane, event.mono, event.keepalive);
        return;
      case 'connecting': {
        // A log written before lanes were numbered has one lane per run: lane 1.
        const lane = this.lane(event.lane ?? 1, event.mono, event.keepalive ?? null);
        this.laneOfConn.set(event.conn, lane.lane);
        lane.conn = event.conn;
        if (lane.state !== 'ended') lane.state = 'connecting';
        return;
      }
      case 'open': {
        const lane = this.byConn(event.conn);
        if (!lane) return;
        lane.state = 'open';
        lane.conn = event.conn;
        this.endBlind(lane, event.mono);
        return;
      }
      case 'heartbeat': {
        this.heartbeats += 1;
        const lane = this.byConn(event.conn);
        if (lane) lane.lastHeartbeatMono = event.mono;
        return;
      }
      case 'close': {
        if (event.by !== 'probe') this.closures += 1;
        const lane = this.byConn(event.conn);
        if (!lane || lane.state === 'ended') return;
        lane.state = 'waiting';
        lane.blindSinceMono ??= event.mono;
        return;
      }
      case 'lane-end': {
        const lane = this.lanes.get(event.lane);
        if (!lane) return;
        this.endBlind(lane, event.mono);
        lane.state = 'ended';
        return;
      }
      case 'run-end':
        this.stopping = true;
    }
  }

  /** Every lane's time without an open connection so far, summed, in real milliseconds. */
  blindMs(nowMono: number): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += laneBlindMs(lane, nowMono);
    return total;
  }

  private lane(number: number, mono: number, keepalive: string | null): LiveLane {
    let lane = this.lanes.get(number);
    if (!lane) {
      lane = {
        lane: number,
        keepalive,
        state: 'starting',
        conn: 0,
        lastHeartbeatMono: null,
        blindSinceMono: mono,
        blindMs: 0,
      };
      this.lanes.set(number, lane);
    }
    lane.keepalive ??= keepalive;
    return lane;
  }

  private byConn(conn: number): LiveLane | undefined {
    const lane = this.laneOfConn.get(conn);
    return lane === undefined ? undefined : this.lanes.get(lane);
  }

  private endBlind(lane: LiveLane, mono: number): void {
    if (lane.blindSinceMono !== null) lane.blindMs += mono - lane.blindSinceMono;
    lane.blindSinceMono = null;
  }
}

function laneBlindMs(lane: LiveLane, nowMono: number): number {
  return lane.blindMs + (lane.blindSinceMono === null ? 0 : Math.max(0, nowMono - lane.blindSinceMono));
}

/** Lanes listed a line each; past this, the first few and a line counting the rest by state. */
const LANES_SHOWN = 4;

/**
 * The live view as lines of at most `width - 1` columns (the last column would make some terminals wrap):
 * the run's line, then a line per lane. Durations read in scenario time, like the summary.
 */
export function renderLiveView(tracker: LiveViewTracker, nowMono: number, timeScale: number, width: number): string[] {
  const scaled = (ms: number): string => formatDuration(ms * timeScale);
  const lanes = [...tracker.lanes.values()];
  const run = [
    scaled(nowMono),
    tracker.stopping ? 'stopping' : null,
    plural(tracker.closures, 'closure'),
    plural(tracker.heartbeats, 'heartbeat'),
    `blind ${scaled(tracker.blindMs(nowMono))}`,
  ].filter((part) => part !== null);
  const lines = [`idleprobe ${run.join(' · ')}`];
  const shown = lanes.length > LANES_SHOWN ? lanes.slice(0, LANES_SHOWN - 1) : lanes;
  for (const lane of shown) {
    const parts = [
      `${lane.state}${lane.conn > 0 ? ` #${lane.conn}` : ''}`,
      lane.lastHeartbeatMono === null
        ? 'no heartbeat yet'
        : `heartbeat ${scaled(nowMono - lane.lastHeartbeatMono)} ago`,
      `blind ${scaled(laneBlindMs(lane, nowMono))}`,
    ];
    lines.push(`  lane ${lane.lane}${lane.keepalive ? `, keepalive ${lane.keepalive}` : ''}: ${parts.join(' · ')}`);
  }
  if (shown.length < lanes.length) {
    const byState = new Map<LaneState, number>();
    for (const lane of lanes.slice(shown.length)) byState.set(lane.state, (byState.get(lane.state) ?? 0) + 1);
    const states = [...byState].map(([state, count]) => `${count} ${state}`).join(', ');
    lines.push(`  … ${plural(lanes.length - shown.length, 'more lane')}: ${states}`);
  }
  return lines.map((line) => fit(line, width - 1));
}

/** A line cut to `columns`, ending in `…` when cut. */
function fit(line: string, columns: number): string {
  const chars = [...line];
  if (chars.length <= columns) return line;
  return columns <= 1 ? chars.slice(0, Math.max(columns, 0)).join('') : `${chars.slice(0, columns - 1).join('')}…`;
}

import type { ProbeEvent } from '../events/types.js';
import { scenarioMs } from './scenario-time.js';
import type { BlindTimeFacts, LaneReport } from './summary.js';

/** The identity of one lane's report: its run and source, set when the run began. */
interface RunIdentity {
  run: number;
  source: string | null;
  timeScale: number;
}

/**
 * One lane of the current run while its events stream by: which of its connections are open, since when
 * it has had none, and its failed attempts by cause. Times are raw `mono` values of the run.
 */
class LaneTally {
  private readonly open = new Set<string>();
  private blindSince: number | null;
  private blindRawMs = 0;
  private readonly failures = new Map<string, number>();
  private failed = 0;
  private connected = false;
  private finished = false;
  private stopped: string | null = null;

  constructor(
    private readonly lane: number | null,
    private readonly keepalive: string | null,
    startMono: number,
  ) {
    this.blindSince = startMono;
  }

  opened(key: string, mono: number): void {
    if (this.open.size === 0 && this.blindSince !== null) {
      this.blindRawMs += mono - this.blindSince;
      this.blindSince = null;
    }
    this.open.add(key);
    this.connected = true;
  }

  closed(key: string, mono: number): void {
    if (!this.open.delete(key)) return;
    if (this.open.size === 0 && !this.finished) this.blindSince = mono;
  }

  attemptFailed(cause: string): void {
    this.failed += 1;
    this.failures.set(cause, (this.failures.get(cause) ?? 0) + 1);
  }

  /** The lane could not go on: it stays blind until the run ends, and says why. */
  gaveUp(message: string): void {
    this.stopped = message;
  }

  /** The lane is done (`--reconnect off`, or its run ended): nothing after `mono` counts. */
  finish(mono: number): void {
    if (this.blindSince !== null) this.blindRawMs += Math.max(0, mono - this.blindSince);
    this.blindSince = null;
    this.finished = true;
  }

  /** The lane's report as of raw `mono`, without ending anything. */
  report(identity: RunIdentity, mono: number): LaneReport {
    const pending = this.blindSince === null ? 0 : Math.max(0, mono - this.blindSince);
    return {
      run: identity.run,
      source: identity.source,
      lane: this.lane,
      keepalive: this.keepalive,
      connected: this.connected,
      blindMs: scenarioMs(this.blindRawMs + pending, identity.timeScale),
      failedAttempts: this.failed,
      failures: [...this.failures]
        .map(([cause, count]) => ({ cause, count }))
        .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause)),
      stopped: this.stopped,
    };
  }
}

/**
 * How long each lane of a run had no open connection, and its failed attempts by cause: the time the probe
 * was blind (events sent meanwhile are lost, protocol.md). A lane counts from its first attempt
 * (`lane-start`) to the end of the run, every stretch in which none of its connections was open: before the
 * first opened, between a close and the next open, and after a lane gave up; a lane done by `--reconnect
 * off` stops counting. Logs written before lanes were logged count one lane per keepalive strategy from its
 * first connection. Pure, from events only, so a saved log gives what the live run printed.
 */
export class BlindTime {
  private identity: RunIdentity = { run: 1, source: null, timeScale: 1 };
  private readonly lanes = new Map<string, LaneTally>();
  /** Which lane each connection of the run belongs to, by `channel#conn`, until it closes. */
  private readonly byConnection = new Map<string, LaneTally>();
  private lastMono = 0;
  private readonly ended: LaneReport[] = [];

  /** A run began (or a log without `run-start`): the lanes that follow are its own. */
  beginRun(identity: RunIdentity): void {
    this.endRun(this.lastMono);
    this.identity = identity;
    this.lastMono = 0;
  }

  push(event: ProbeEvent): void {
    this.lastMono = event.mono;
    switch (event.event) {
      case 'lane-start':
        this.lanes.set(laneKey(event.lane), new LaneTally(event.lane, event.keepalive, event.mono));
        break;
      case 'lane-end': {
        const lane = this.lanes.get(laneKey(event.lane));
        if (event.reason === 'done') lane?.finish(event.mono);
        else lane?.gaveUp(event.message ?? 'it failed');
        break;
      }
      case 'connecting':
        this.byConnection.set(
          connectionKey(event),
          this.laneOf(event.lane ?? null, event.keepalive ?? null, event.mono),
        );
        break;
      case 'open': {
        const key = connectionKey(event);
        let lane = this.byConnection.get(key);
        if (!lane) {
          // A log that records no upgrade request (a HAR): the lane is known by its keepalive only.
          lane = this.laneOf(null, event.keepalive ?? null, event.mono);
          this.byConnection.set(key, lane);
        }
        lane.opened(key, event.mono);
        break;
      }
      case 'close': {
        const key = connectionKey(event);
        this.byConnection.get(key)?.closed(key, event.mono);
        this.byConnection.delete(key);
        break;
      }
      case 'error':
        if (event.lane !== undefined) this.lanes.get(laneKey(event.lane))?.attemptFailed(event.cause ?? event.code);
        break;
      case 'run-end':
        this.endRun(event.mono);
        break;
      default:
        break;
    }
  }

  /**
   * Every lane so far, the current run's counted up to its latest event, or up to `atMono` when a live
   * reader asks between events (a lane blind for an hour logs nothing meanwhile); ends nothing.
   */
  facts(atMono = this.lastMono): BlindTimeFacts {
    const now = Math.max(atMono, this.lastMono);
    const lanes = [...this.ended, ...[...this.lanes.values()].map((lane) => lane.report(this.identity, now))];
    return {
      blindMs: Math.round(lanes.reduce((sum, lane) => sum + lane.blindMs, 0) * 10) / 10,
      failedAttempts: lanes.reduce((sum, lane) => sum + lane.failedAttempts, 0),
      lanes,
    };
  }

  private endRun(mono: number): void {
    for (const lane of this.lanes.values()) {
      lane.finish(mono);
      this.ended.push(lane.report(this.identity, mono));
    }
    this.lanes.clear();
    this.byConnection.clear();
  }

  /** The lane numbered `lane`, or in a log that numbers none the one of this keepalive strategy. */
  private laneOf(lane: number | null, keepalive: string | null, mono: number): LaneTally {
    const key = lane === null ? `keepalive ${keepalive ?? ''}` : laneKey(lane);
    let tally = this.lanes.get(key);
    if (!tally) {
      tally = new LaneTally(lane, keepalive, mono);
      this.lanes.set(key, tally);
    }
    return tally;
  }
}

function laneKey(lane: number): string {
  return `lane ${lane}`;
}

function connectionKey(event: { channel: string; conn: number }): string {
  return `${event.channel}#${event.conn}`;
}

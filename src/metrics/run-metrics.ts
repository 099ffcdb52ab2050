import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { BlindTime } from '../analysis/blind-time.js';
import type { ClosureRow } from '../analysis/summary.js';
import type { EventOf, ProbeEvent } from '../events/types.js';
import { HEARTBEAT_GAP_BUCKETS_S, METRIC } from './metric-names.js';

/** What the metrics read from the run's one streaming analysis: a closure as classified so far. */
export interface LiveClosures {
  closureSoFar(channel: string, conn: number): ClosureRow | null;
}

/** A label for a value a log may leave out (a lane or keepalive strategy an old writer did not name). */
const UNKNOWN = 'unknown';

/** A closed connection whose cause is counted once its lane has moved on (docs/metrics.md, "When a closure counts"). */
interface Pending {
  channel: string;
  conn: number;
  code: number;
  keepalive: string;
}

interface LaneState {
  keepalive: string;
  pending: Pending[];
}

interface Connection {
  lane: number | null;
  keepalive: string;
  opened: boolean;
  lastHeartbeatMono: number | null;
}

/**
 * The run's Prometheus metrics, from its events as they pass on the bus (after the log and the analysis
 * have taken each one). Pure: no I/O and no clock of its own; `elapsedMs` is the bus's, so blind time reads
 * up to the moment of a scrape. Every duration is in scenario time (the run's time scale times the real
 * one), as the summary reports them. Labels carry lanes, keepalive strategies, causes and close codes, never
 * a channel id: the id is the channel's credential (docs/log-format.md).
 */
export class RunMetrics {
  private timeScale = 1;
  private runs = 0;
  private readonly lanes = new Map<number, LaneState>();
  private readonly connections = new Map<string, Connection>();
  private readonly blind = new BlindTime();
  /** Blind seconds already added to the counter, per lane label pair, so a scrape adds only the growth. */
  private readonly blindReported = new Map<string, number>();

  private readonly closures: Counter<'cause' | 'code' | 'keepalive'>;
  private readonly heartbeats: Counter<'keepalive'>;
  private readonly heartbeatGap: Histogram<'keepalive'>;
  private readonly open: Gauge<'lane' | 'keepalive'>;
  private readonly reconnects: Counter<'lane' | 'keepalive'>;
  private readonly blindSeconds: Counter<'lane' | 'keepalive'>;

  /** Registers the run's metrics in `registry`, which may hold others (the process's, the event loop's). */
  constructor(
    registry: Registry,
    private readonly analysis: LiveClosures,
    private readonly elapsedMs: () => number,
  ) {
    const registers = [registry];
    this.closures = new Counter({
      name: METRIC.closures,
      help: 'Closures of connections the run did not close itself, by cause (as classified when counted), close code and keepalive strategy.',
      labelNames: ['cause', 'code', 'keepalive'] as const,
      registers,
    });
    this.heartbeats = new Counter({
      name: METRIC.heartbeats,
      help: 'Heartbeat messages received, by keepalive strategy.',
      labelNames: ['keepalive'] as const,
      registers,
    });
    this.heartbeatGap = new Histogram({
      name: METRIC.heartbeatGap,
      help: 'Scenario seconds between consecutive heartbeats on one connection (the service sends one about every 30 s).',
      labelNames: ['keepalive'] as const,
      buckets: [...HEARTBEAT_GAP_BUCKETS_S],
      registers,
    });
    this.open = new Gauge({
      name: METRIC.openConnections,
      help: 'Open notification WebSockets, per lane (1 while the lane is connected).',
      labelNames: ['lane', 'keepalive'] as const,
      registers,
    });
    this.reconnects = new Counter({
      name: METRIC.reconnects,
      help: 'Reconnect attempts scheduled after a closure or a failed attempt, per lane.',
      labelNames: ['lane', 'keepalive'] as const,
      registers,
    });
    this.blindSeconds = new Counter({
      name: METRIC.blindSeconds,
      help: 'Scenario seconds each lane had no open connection (events sent meanwhile are lost), up to the scrape.',
      labelNames: ['lane', 'keepalive'] as const,
      registers,
      collect: () => this.addBlindTime(),
    });
    const timeScale: Gauge = new Gauge({
      name: METRIC.timeScale,
      help: 'The time scale of the run: its durations are real ones times this (1 against the real service).',
      registers,
      collect: (): void => timeScale.set(this.timeScale),
    });
  }

  /** Takes one event of the run, after the analysis has taken it. */
  observe(event: ProbeEvent): void {
    if (event.event === 'run-start') {
      this.countAllPending();
      this.timeScale = event.timeScale;
      this.runs += 1;
      this.blind.beginRun({ run: this.runs, source: null, timeScale: event.timeScale });
    }
    this.blind.push(event);
    switch (event.event) {
      case 'lane-start':
        this.lanes.set(event.lane, { keepalive: event.keepalive, pending: [] });
        this.open.set(laneLabels(event.lane, event.keepalive), 0);
        break;
      case 'connecting':
        this.connections.set(key(event), {
          lane: event.lane ?? null,
          keepalive: event.keepalive ?? this.laneKeepalive(event.lane ?? null),
          opened: false,
          lastHeartbeatMono: null,
        });
        break;
      case 'open':
        this.opened(event);
        break;
      case 'heartbeat':
        this.heartbeat(event);
        break;
      case 'close':
        this.closed(event);
        break;
      case 'reconnect':
        this.reconnects.inc(laneLabels(event.lane ?? null, this.laneKeepalive(event.lane ?? null)));
        break;
      case 'error':
        // A failed attempt: the lane has moved on from its closure, and a 401 after it is already in.
        if (event.lane !== undefined) this.countPending(event.lane);
        break;
      case 'lane-end':
        this.countPending(event.lane);
        break;
      case 'run-end':
        this.countAllPending();
        break;
      default:
        break;
    }
  }

  private opened(event: EventOf<'open'>): void {
    let connection = this.connections.get(key(event));
    if (!connection) {
      connection = { lane: null, keepalive: event.keepalive ?? UNKNOWN, opened: false, lastHeartbeatMono: null };
      this.connections.set(key(event), connection);
    }
    connection.opened = true;
    this.open.inc(laneLabels(connection.lane, connection.keepalive));
    // The lane's next connection is open: the evidence about its previous closure is all in.
    if (connection.lane !== null) this.countPending(connection.lane);
  }

  private heartbeat(event: EventOf<'heartbeat'>): void {
    const connection = this.connections.get(key(event));
    const keepalive = connection?.keepalive ?? UNKNOWN;
    this.heartbeats.inc({ keepalive });
    if (!connection) return;
    if (connection.lastHeartbeatMono !== null) {
      const gapS = ((event.mono - connection.lastHeartbeatMono) * this.timeScale) / 1000;
      this.heartbeatGap.observe({ keepalive }, gapS);
    }
    connection.lastHeartbeatMono = event.mono;
  }

  private closed(event: EventOf<'close'>): void {
    const connection = this.connections.get(key(event));
    this.connections.delete(key(event));
    if (!connection?.opened) return;
    this.open.dec(laneLabels(connection.lane, connection.keepalive));
    if (event.by === 'probe') return;
    const pending = { channel: event.channel, conn: event.conn, code: event.code, keepalive: connection.keepalive };
    const lane = connection.lane === null ? undefined : this.lanes.get(connection.lane);
    if (lane) lane.pending.push(pending);
    else this.count(pending);
  }

  private countPending(lane: number): void {
    const state = this.lanes.get(lane);
    if (!state || state.pending.length === 0) return;
    for (const pending of state.pending) this.count(pending);
    state.pending = [];
  }

  private countAllPending(): void {
    for (const lane of this.lanes.keys()) this.countPending(lane);
  }

  private count(pending: Pending): void {
    const row = this.analysis.closureSoFar(pending.channel, pending.conn);
    this.closures.inc({
      cause: row?.cause ?? 'unexplained',
      code: String(pending.code),
      keepalive: row?.keepalive ?? pending.keepalive,
    });
  }

  private laneKeepalive(lane: number | null): string {
    return (lane === null ? undefined : this.lanes.get(lane)?.keepalive) ?? UNKNOWN;
  }

  /** Brings the blind-seconds counter up to now: the lanes' blind time only grows. */
  private addBlindTime(): void {
    for (const lane of this.blind.facts(this.elapsedMs()).lanes) {
      const labels = laneLabels(lane.lane, lane.keepalive ?? UNKNOWN);
      const id = `${labels.lane} ${labels.keepalive}`;
      const seconds = lane.blindMs / 1000;
      const growth = seconds - (this.blindReported.get(id) ?? 0);
      // Zero growth still makes the series exist, so a lane never blind reads 0 rather than nothing.
      this.blindSeconds.inc(labels, Math.max(0, growth));
      if (growth > 0) this.blindReported.set(id, seconds);
    }
  }
}

function laneLabels(lane: number | null, keepalive: string): { lane: string; keepalive: string } {
  return { lane: lane === null ? UNKNOWN : String(lane), keepalive };
}

function key(event: { channel: string; conn: number }): string {
  return `${event.channel}#${event.conn}`;
}

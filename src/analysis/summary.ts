import type { ClosedBy, RunEndReason } from '../events/types.js';
import type { ClosureVerdict } from './closure-cause.js';
import type { ClosureSignals } from './closure-signals.js';

/**
 * What the analysis says about one connection at the moment it closed. Every duration is measured on the
 * monotonic clock (`mono`), never wall time, and is expressed in scenario time: multiplied by the run's
 * time scale, so a simulated 15-minute idle timer reads as 15 minutes even when it took 15 seconds.
 * Durations are rounded to 0.1 ms; `null` means that kind of frame never happened on the connection.
 */
export interface ClosureRow {
  channel: string;
  connection: number;
  /** ISO wall time of the `open` event. */
  openedAt: string;
  /** ISO wall time of the `close` event. */
  closedAt: string;
  code: number;
  reason: string;
  /** True only when a close frame arrived. */
  clean: boolean;
  by: ClosedBy;
  /** The socket error behind an unclean close (ECONNRESET, ...), or null. */
  error: string | null;
  /** From open to close: a lifetime cap shows as the same age on every connection. */
  lifetimeMs: number;
  /**
   * The same age in real time (the raw monotonic difference): what a proxy, load balancer or NAT on the
   * path counted, since those run in real time whatever the run's time scale. Equal to `lifetimeMs` at 1x.
   */
  realLifetimeMs: number;
  sinceHeartbeatMs: number | null;
  sincePongMs: number | null;
  /** Since the last server-to-client frame of any kind. */
  sinceInboundMs: number | null;
  /** Since the last client-to-server frame (a client-silence idle timer counts from here). */
  sinceOutboundMs: number | null;
  /** How long before the close the last `socket_closing` warning arrived. */
  warningLeadMs: number | null;
  heartbeats: number;
  /** Largest gap from open to the first heartbeat and between consecutive heartbeats. */
  maxHeartbeatGapMs: number | null;
  /** Heartbeats missing from those gaps: a gap over 1.5 x the expected 30 s counts the beats it skipped. */
  missedHeartbeats: number;
  /** The connection's keepalive strategy as the log named it (`none`, `tcp:30s`, ...), or null when unnamed. */
  keepalive: string | null;
  /** Which run of the report this connection belongs to, from 1 (several logs, or runs appended to one). */
  run: number;
  /** The log file the connection came from, or null when the events did not come from a named file. */
  source: string | null;
  /** The time scale of the run the connection belongs to: its durations are real ones times this. */
  timeScale: number;
  /** The facts beyond the gaps that the classifier weighed. */
  signals: ClosureSignals;
  /** Why it closed, how sure, and the one sentence of evidence (closure-causes.md). */
  cause: ClosureVerdict['cause'];
  confidence: ClosureVerdict['confidence'];
  evidence: string;
}

/** A row before the classifier gives it a cause: what was measured, and nothing more. */
export type ClosureFacts = Omit<ClosureRow, keyof ClosureVerdict>;

export interface RunSummary {
  schema: 1;
  /** The time scale of the (first) run; durations are in scenario time when it is not 1. */
  timeScale: number;
  scenarioTime: boolean;
  /** `time` of the first `run-start`, or null when the log has none. */
  startedAt: string | null;
  /** `time` of the last `run-end`, or null when the run never ended cleanly (killed, crashed). */
  endedAt: string | null;
  endReason: RunEndReason | null;
  target: string | null;
  /** How many `run-start` events the log holds (a log file is appended to, run after run). */
  runs: number;
  /** Every close the run did not cause itself (`by` is not `probe`), in log order. */
  closures: ClosureRow[];
  /** Connections the run itself closed while stopping: not closures, listed for completeness. */
  endedByProbe: ClosureRow[];
  /** Connections that never saw their `close` (the process was killed, or the log was cut). */
  openAtEnd: number;
  /** Connections that closed before they ever opened (the upgrade failed): no lifetime to explain. */
  failedToOpen: number;
  /** How many connections opened. */
  connections: number;
  /** Heartbeats received on all connections. */
  heartbeats: number;
  /** What the closures have in common across the run(s): clusters, timers, the keepalive verdict. */
  patterns: RunPatterns;
}

/** Closures whose durations agree: a timer shows up as a tight cluster. */
export interface DurationCluster {
  medianMs: number;
  minMs: number;
  maxMs: number;
  count: number;
  /** The common intermediary timer the median matches (closure-causes.md), or null. */
  timerMs: number | null;
  /** N when the median is a whole N heartbeat intervals (within 1 s): a timer counting heartbeats, or chance. */
  heartbeatMultiple: number | null;
}

export interface HistogramBin {
  fromMs: number;
  toMs: number;
  count: number;
}

export interface RunPatterns {
  /** Closure ages (open to close), clustered, largest cluster first. */
  ages: DurationCluster[];
  /** Client silence at each closure (since the last client frame of any kind, or the open), clustered. */
  silences: DurationCluster[];
  /** Closure ages in equal bins, for a text histogram. */
  ageHistogram: HistogramBin[];
  /** Present when the report holds more than one keepalive strategy. */
  keepalive: KeepaliveVerdict | null;
}

export interface KeepaliveOutcome {
  /** The label as logged (`none`, `tcp:30s`, `ws-ping:30s`, `ping:30s`), or `unnamed` for older logs. */
  keepalive: string;
  connections: number;
  /** Closures not caused by the probe. */
  closures: number;
  /** No connection with this keepalive closed other than by the probe. */
  survived: boolean;
}

export interface KeepaliveVerdict {
  strategies: KeepaliveOutcome[];
  /** Labels of the strategies that survived. */
  survivors: string[];
  /** What the survivors point to (closure-causes.md, "The decisive experiment"). */
  pointsTo: string;
}

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
  /** The socket error behind an unclean close (ECONNRESET, ...), or ws's rule for a `violation`; or null. */
  error: string | null;
  /** What the server sent that the protocol forbids, when the client failed the connection for it; or null. */
  violation: string | null;
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
  /**
   * The connection's age when its first keepalive frame went out (its first `ping` event, app-level or
   * RFC 6455); null when it sent none. TCP keepalive probes are sent by the kernel and never logged, so a
   * `tcp` connection has null here.
   */
  firstKeepaliveMs: number | null;
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

export interface RunSummary extends BlindTimeFacts {
  schema: 1;
  /** The time scale of the first run read; `timeScales` lists every run's when merged runs differ. */
  timeScale: number;
  /** Every time scale the runs used, ascending: one value unless runs of different scales were merged. */
  timeScales: number[];
  /** True when any run's time scale is not 1: its rows' durations are in scenario time. */
  scenarioTime: boolean;
  /** The earliest `time` of a `run-start` in any of the logs, or null when they hold none. */
  startedAt: string | null;
  /** The latest `time` of a `run-end`, or null when a log's last run never ended cleanly (killed, crashed). */
  endedAt: string | null;
  /** Why the run that ended last ended. */
  endReason: RunEndReason | null;
  /** What the first run read probed (a region, or the simulator and its scenario). */
  target: string | null;
  /** Every target the runs probed, in the order first read: more than one when unrelated runs were merged. */
  targets: string[];
  /** How many logs the report read (a live run reads its own events: 1). */
  files: number;
  /** How many `run-start` events the logs hold (a log file is appended to, run after run). */
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

/**
 * The time the probe could not see: how long its lanes had no open connection, and the attempts to get
 * one that failed (src/analysis/blind-time.ts).
 */
export interface BlindTimeFacts {
  /** Failed attempts to connect or reconnect, all lanes together. */
  failedAttempts: number;
  /** Scenario time with no open connection, summed over lanes, from each lane's first attempt to its run's end. */
  blindMs: number;
  /** Each lane of each run, in the order they began. */
  lanes: LaneReport[];
}

/** One lane: a channel at a time under one keepalive strategy, kept connected for the whole run. */
export interface LaneReport {
  run: number;
  /** The log the lane came from, or null when the events did not come from a named file. */
  source: string | null;
  /** The lane's number in its run; null in a log that numbers none (one lane per keepalive strategy there). */
  lane: number | null;
  keepalive: string | null;
  /** Whether any of its connections ever opened. */
  connected: boolean;
  /** Scenario time with no open connection, from its first attempt to the end of its run. */
  blindMs: number;
  failedAttempts: number;
  /** Its failed attempts by cause (`ECONNREFUSED`, `HTTP 503`, `timeout`, ...), most frequent first. */
  failures: Array<{ cause: string; count: number }>;
  /** What stopped the lane before its run ended (and ended the run), or null. */
  stopped: string | null;
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
  /**
   * The keepalive verdict when the report compared strategies against one target and scenario; null when it
   * compared none, or when it holds several such experiments (then `keepaliveByTarget` lists each).
   */
  keepalive: KeepaliveVerdict | null;
  /** One keepalive verdict per target and scenario that compared more than one strategy. */
  keepaliveByTarget: KeepaliveVerdict[];
  /** Closures on several channels at the same moment, at different ages: the maintenance signature. */
  waves: ClosureWave[];
}

/**
 * Closures on two or more channels (perhaps on several machines) within a few seconds of wall time, of
 * connections that had been open for different times: a timer cannot line them up, an event on the
 * service's side (maintenance, a restart) can.
 */
export interface ClosureWave {
  /** ISO wall time of the wave's first closure. */
  at: string;
  /** From the first closure of the wave to its last (scenario time). */
  withinMs: number;
  closures: number;
  channels: number;
  /** How many logs (machines) the closures came from. */
  sources: number;
  /** The youngest and the oldest connection that closed in the wave. */
  minAgeMs: number;
  maxAgeMs: number;
}

export interface KeepaliveOutcome {
  /** The label as logged (`none`, `tcp:30s`, `ws-ping:30s`, `ping:30s`), or `unnamed` for older logs. */
  keepalive: string;
  connections: number;
  /** Closures not caused by the probe. */
  closures: number;
  /** No connection with this keepalive closed other than by the probe. */
  survived: boolean;
  /**
   * Whether the verdict could use this outcome: a lane that closed only before its first keepalive went
   * out, or that survived without sending one or without living as long as the others, says nothing about
   * its keepalive. `none` always counts.
   */
  counted: boolean;
}

export interface KeepaliveVerdict {
  /** The target and scenario the strategies were run against (runs against others get verdicts of their own). */
  target: string | null;
  strategies: KeepaliveOutcome[];
  /** Labels of the strategies that survived. */
  survivors: string[];
  /** What the survivors point to (closure-causes.md, "The decisive experiment"), or that no layer can be named. */
  pointsTo: string;
  /**
   * True only when every lane whose outcome it uses sent a keepalive before its closures (or outlived the
   * others' closures), the lanes differ in outcome, and the per-closure causes agree with the layer named.
   */
  conclusive: boolean;
  /** Why it is conclusive, or why not and what to run next (with the command). */
  why: string;
}

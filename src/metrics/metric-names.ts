/**
 * The metric names, spelled once: the collector registers them, docs/metrics.md and the example dashboard
 * use them (a test checks the dashboard against the collector). All start with `idleprobe_`.
 */
export const METRIC = {
  closures: 'idleprobe_closures_total',
  heartbeats: 'idleprobe_heartbeats_total',
  heartbeatGap: 'idleprobe_heartbeat_gap_seconds',
  openConnections: 'idleprobe_open_connections',
  blindSeconds: 'idleprobe_blind_seconds_total',
  reconnects: 'idleprobe_reconnects_total',
  timeScale: 'idleprobe_time_scale',
  eventLoopDelay: 'idleprobe_eventloop_delay_seconds',
} as const;

/**
 * Heartbeat gap buckets, in scenario seconds: fine around the service's 30 s (early, on time, late by a
 * second), then one, two and three missed heartbeats and a connection that has gone quiet.
 */
export const HEARTBEAT_GAP_BUCKETS_S = [25, 29, 30, 31, 35, 45, 60, 90, 120] as const;

import type { ClosureRow, RunSummary } from '../analysis/summary.js';

/**
 * The summary as pretty JSON with a fixed key order (the order of docs/report-format.md), so two reports
 * of the same log are byte-identical and diff cleanly. Channel ids are written in full: this output is
 * for scripts that correlate with the log, not for pasting into a public post.
 */
export function renderJson(summary: RunSummary): string {
  return `${JSON.stringify(ordered(summary), null, 2)}\n`;
}

function ordered(summary: RunSummary): RunSummary {
  return {
    schema: 1,
    timeScale: summary.timeScale,
    scenarioTime: summary.scenarioTime,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    endReason: summary.endReason,
    target: summary.target,
    runs: summary.runs,
    connections: summary.connections,
    heartbeats: summary.heartbeats,
    closures: summary.closures.map(orderedRow),
    endedByProbe: summary.endedByProbe.map(orderedRow),
    openAtEnd: summary.openAtEnd,
    failedToOpen: summary.failedToOpen,
    failedAttempts: summary.failedAttempts,
    blindMs: summary.blindMs,
    lanes: summary.lanes.map((lane) => ({
      run: lane.run,
      source: lane.source,
      lane: lane.lane,
      keepalive: lane.keepalive,
      connected: lane.connected,
      blindMs: lane.blindMs,
      failedAttempts: lane.failedAttempts,
      failures: lane.failures,
      stopped: lane.stopped,
    })),
    patterns: summary.patterns,
  };
}

function orderedRow(row: ClosureRow): ClosureRow {
  return {
    channel: row.channel,
    connection: row.connection,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    code: row.code,
    reason: row.reason,
    clean: row.clean,
    by: row.by,
    error: row.error,
    lifetimeMs: row.lifetimeMs,
    sinceHeartbeatMs: row.sinceHeartbeatMs,
    sincePongMs: row.sincePongMs,
    sinceInboundMs: row.sinceInboundMs,
    sinceOutboundMs: row.sinceOutboundMs,
    warningLeadMs: row.warningLeadMs,
    heartbeats: row.heartbeats,
    maxHeartbeatGapMs: row.maxHeartbeatGapMs,
    missedHeartbeats: row.missedHeartbeats,
    keepalive: row.keepalive,
    run: row.run,
    source: row.source,
    cause: row.cause,
    confidence: row.confidence,
    evidence: row.evidence,
    signals: {
      sinceClientMessageMs: row.signals.sinceClientMessageMs,
      sinceUpgradeMs: row.signals.sinceUpgradeMs,
      resolutionMs: row.signals.resolutionMs,
      closeObserved: row.signals.closeObserved,
      systemMessage: row.signals.systemMessage,
      channelAfter: row.signals.channelAfter,
      tokenRejectedAfter: row.signals.tokenRejectedAfter,
      channelAgeMs: row.signals.channelAgeMs,
      tokenExpiryOffsetMs: row.signals.tokenExpiryOffsetMs,
      tokenIdleOffsetMs: row.signals.tokenIdleOffsetMs,
      otherSocketOpened: row.signals.otherSocketOpened,
      publicCa: row.signals.publicCa,
      viaProxy: row.signals.viaProxy,
      loopStallMs: row.signals.loopStallMs,
      clockJumpMs: row.signals.clockJumpMs,
      healthReported: row.signals.healthReported,
      channelsAtLimit: row.signals.channelsAtLimit,
    },
  };
}

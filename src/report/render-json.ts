import type { ClosureRow, KeepaliveVerdict, RunPatterns, RunSummary } from '../analysis/summary.js';

/**
 * The summary as pretty JSON with a fixed key order (the order of docs/report-format.md), so two reports
 * of the same log are byte-identical and diff cleanly. Channel ids are written in full: this output is
 * for scripts that correlate with the log, not for pasting into a public post.
 */
export function renderJson(summary: RunSummary): string {
  return [...renderJsonChunks(summary)].join('');
}

/** Stand-ins for the two lists of rows in the document's text, each replaced by its rows one at a time. */
const ROW_LISTS = ['closures', 'endedByProbe'] as const;
const placeholder = (list: string): string => `\u0000rows of ${list}`;

/**
 * The same document in pieces: everything but the rows, then each row as its own piece. A summary of
 * 100,000 closures is hundreds of megabytes of JSON, past what V8 can hold in one string; written piece
 * by piece, the output never holds more than one row's text.
 */
export function* renderJsonChunks(summary: RunSummary): Generator<string> {
  const frame = ordered(summary, { closures: placeholder('closures'), endedByProbe: placeholder('endedByProbe') });
  let text = `${JSON.stringify(frame, null, 2)}\n`;
  for (const list of ROW_LISTS) {
    // Found with its key at the top level's indent: no string in the document holds a raw newline, so
    // nothing a log wrote (a target, a reason) can pass for it.
    const key = `\n  "${list}": `;
    const marker = `${key}${JSON.stringify(placeholder(list))}`;
    const at = text.indexOf(marker);
    yield text.slice(0, at + key.length);
    text = text.slice(at + marker.length);
    const rows = summary[list];
    if (rows.length === 0) {
      yield '[]';
      continue;
    }
    // Rows sit two levels deep in the document: each of their lines is indented by four more spaces.
    for (const [index, row] of rows.entries())
      yield `${index === 0 ? '[\n' : ',\n'}    ${JSON.stringify(orderedRow(row), null, 2).replace(/\n/g, '\n    ')}`;
    yield '\n  ]';
  }
  yield text;
}

function ordered(summary: RunSummary, rows: Record<(typeof ROW_LISTS)[number], unknown>): unknown {
  return {
    schema: 1,
    timeScale: summary.timeScale,
    scenarioTime: summary.scenarioTime,
    timeScales: summary.timeScales,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    endReason: summary.endReason,
    target: summary.target,
    targets: summary.targets,
    files: summary.files,
    runs: summary.runs,
    connections: summary.connections,
    heartbeats: summary.heartbeats,
    closures: rows.closures,
    endedByProbe: rows.endedByProbe,
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
    patterns: orderedPatterns(summary.patterns),
  };
}

function orderedPatterns(patterns: RunPatterns): RunPatterns {
  return {
    ages: patterns.ages,
    silences: patterns.silences,
    ageHistogram: patterns.ageHistogram,
    keepalive: patterns.keepalive && orderedVerdict(patterns.keepalive),
    keepaliveByTarget: patterns.keepaliveByTarget.map(orderedVerdict),
    waves: patterns.waves.map((wave) => ({
      at: wave.at,
      withinMs: wave.withinMs,
      closures: wave.closures,
      channels: wave.channels,
      sources: wave.sources,
      minAgeMs: wave.minAgeMs,
      maxAgeMs: wave.maxAgeMs,
    })),
  };
}

function orderedVerdict(verdict: KeepaliveVerdict): KeepaliveVerdict {
  return {
    target: verdict.target,
    strategies: verdict.strategies.map((s) => ({
      keepalive: s.keepalive,
      connections: s.connections,
      closures: s.closures,
      survived: s.survived,
      counted: s.counted,
    })),
    survivors: verdict.survivors,
    pointsTo: verdict.pointsTo,
    conclusive: verdict.conclusive,
    why: verdict.why,
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
    violation: row.violation,
    lifetimeMs: row.lifetimeMs,
    realLifetimeMs: row.realLifetimeMs,
    sinceHeartbeatMs: row.sinceHeartbeatMs,
    sincePongMs: row.sincePongMs,
    sinceInboundMs: row.sinceInboundMs,
    sinceOutboundMs: row.sinceOutboundMs,
    warningLeadMs: row.warningLeadMs,
    heartbeats: row.heartbeats,
    maxHeartbeatGapMs: row.maxHeartbeatGapMs,
    missedHeartbeats: row.missedHeartbeats,
    keepalive: row.keepalive,
    firstKeepaliveMs: row.firstKeepaliveMs,
    run: row.run,
    source: row.source,
    timeScale: row.timeScale,
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
      proxy: row.signals.proxy,
      upgradeServer: row.signals.upgradeServer,
      upgradeVia: row.signals.upgradeVia,
      tlsRoot: row.signals.tlsRoot,
      boxClock: row.signals.boxClock,
      loopStallMs: row.signals.loopStallMs,
      clockJumpMs: row.signals.clockJumpMs,
      healthReported: row.signals.healthReported,
      channelsAtLimit: row.signals.channelsAtLimit,
    },
  };
}

import { isExpectedClosure } from '../analysis/expected-closure.js';
import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import { formatDuration } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import { channelIdShortener } from './channel-ids-in-text.js';
import { describeClose } from './closure-cells.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';

/**
 * The summary as JUnit XML for a CI job: one test suite per run, one test case per connection that ended
 * (closed, or ended by the probe), and a failure on every unexpected closure with its cause and evidence.
 * Expected closures (announced maintenance, a channel's 24 h expiry) pass with their evidence as output.
 * `time` is the connection's age in seconds (scenario time). A CI artefact is often public, so channel ids
 * are shortened.
 */
export function renderJunit(summary: RunSummary): string {
  const redact = channelIdShortener(summary);
  const rows = [
    ...summary.closures.map((row) => ({ row, closed: true })),
    ...summary.endedByProbe.map((row) => ({ row, closed: false })),
  ].sort(
    (a, b) =>
      a.row.run - b.row.run || a.row.openedAt.localeCompare(b.row.openedAt) || a.row.connection - b.row.connection,
  );
  // Grouped in one pass: a merged soak may hold hundreds of runs and hundreds of thousands of rows.
  const runs = new Map<number, typeof rows>();
  for (const entry of rows) {
    const cases = runs.get(entry.row.run);
    if (cases) cases.push(entry);
    else runs.set(entry.row.run, [entry]);
  }
  const failures = rows.filter(({ row, closed }) => closed && !isExpectedClosure(row)).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="idleprobe" tests="${rows.length}" failures="${failures}">`,
  ];
  for (const [run, cases] of runs) {
    const source = cases[0]?.row.source;
    const name = `idleprobe run ${run}${source ? ` (${source})` : ''}: ${summary.target ?? 'unknown target'}`;
    const runFailures = cases.filter(({ row, closed }) => closed && !isExpectedClosure(row)).length;
    out.push(
      `  <testsuite name="${escapeXmlAttribute(name)}" tests="${cases.length}" failures="${runFailures}" errors="0" skipped="0">`,
    );
    for (const { row, closed } of cases) out.push(...testcase(row, closed, redact));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(row: ClosureRow, closed: boolean, redact: (text: string) => string): string[] {
  const head =
    `    <testcase classname="idleprobe.${escapeXmlAttribute(shortChannelId(row.channel))}" ` +
    `name="${escapeXmlAttribute(`conn ${row.connection}${row.keepalive ? ` keepalive ${row.keepalive}` : ''}`)}" time="${(row.lifetimeMs / 1000).toFixed(3)}"`;
  if (!closed) return [`${head}/>`];
  const detail = redact(`${row.evidence} Close: ${describeClose(row)} after ${formatDuration(row.lifetimeMs)}.`);
  if (isExpectedClosure(row)) {
    return [
      `${head}>`,
      `      <system-out>${escapeXmlText(`${row.cause} (${row.confidence}, expected): ${detail}`)}</system-out>`,
      '    </testcase>',
    ];
  }
  const message = `${row.cause} (${row.confidence}): ${describeClose(row)} after ${formatDuration(row.lifetimeMs)}`;
  return [
    `${head}>`,
    `      <failure type="${escapeXmlAttribute(row.cause)}" message="${escapeXmlAttribute(redact(message))}">${escapeXmlText(detail)}</failure>`,
    '    </testcase>',
  ];
}

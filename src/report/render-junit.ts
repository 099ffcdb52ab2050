import { isExpectedClosure } from '../analysis/expected-closure.js';
import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import { describeClose, shortChannel } from './closure-cells.js';
import { formatDuration } from './format-duration.js';

/** A CI artefact is often public: channel ids are shortened, like in the markdown report. */
const CHANNEL_CHARS = 8;

/**
 * The summary as JUnit XML for a CI job: one test suite per run, one test case per connection that ended
 * (closed, or ended by the probe), and a failure on every unexpected closure with its cause and evidence.
 * Expected closures (announced maintenance, a channel's 24 h expiry) pass with their evidence as output.
 * `time` is the connection's age in seconds (scenario time).
 */
export function renderJunit(summary: RunSummary): string {
  const rows = [...summary.closures.map((row) => ({ row, closed: true })), ...summary.endedByProbe.map((row) => ({ row, closed: false }))]
    .sort((a, b) => a.row.run - b.row.run || a.row.openedAt.localeCompare(b.row.openedAt) || a.row.connection - b.row.connection);
  const runs = [...new Set(rows.map(({ row }) => row.run))];
  const failures = rows.filter(({ row, closed }) => closed && !isExpectedClosure(row)).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="idleprobe" tests="${rows.length}" failures="${failures}">`,
  ];
  for (const run of runs) {
    const cases = rows.filter(({ row }) => row.run === run);
    const source = cases[0]?.row.source;
    const name = `idleprobe run ${run}${source ? ` (${source})` : ''}: ${summary.target ?? 'unknown target'}`;
    const runFailures = cases.filter(({ row, closed }) => closed && !isExpectedClosure(row)).length;
    out.push(`  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${runFailures}" errors="0" skipped="0">`);
    for (const { row, closed } of cases) out.push(...testcase(row, closed));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(row: ClosureRow, closed: boolean): string[] {
  const head = `    <testcase classname="idleprobe.${attr(shortChannel(row.channel, CHANNEL_CHARS))}" ` +
    `name="${attr(`conn ${row.connection}${row.keepalive ? ` keepalive ${row.keepalive}` : ''}`)}" time="${(row.lifetimeMs / 1000).toFixed(3)}"`;
  if (!closed) return [`${head}/>`];
  const detail = redact(`${row.evidence} Close: ${describeClose(row)} after ${formatDuration(row.lifetimeMs)}.`, row.channel);
  if (isExpectedClosure(row)) {
    return [`${head}>`, `      <system-out>${text(`${row.cause} (${row.confidence}, expected): ${detail}`)}</system-out>`, '    </testcase>'];
  }
  const message = `${row.cause} (${row.confidence}): ${describeClose(row)} after ${formatDuration(row.lifetimeMs)}`;
  return [
    `${head}>`,
    `      <failure type="${attr(row.cause)}" message="${attr(redact(message, row.channel))}">${text(detail)}</failure>`,
    '    </testcase>',
  ];
}

function redact(value: string, channel: string): string {
  return value.split(channel).join(shortChannel(channel, CHANNEL_CHARS));
}

function text(value: string): string {
  // XML 1.0 forbids most control characters even escaped; a close reason from the wire may hold any.
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import { REPORT_FORMATS, renderSummary } from '../../src/report/render-summary.js';
import { scaleEvents } from '../support/scale-events.js';

const CLOSURES = 200_000;
const NEVER_CLOSED = 200_000;
const CHANNELS = 20;

/**
 * A soak-sized log through the whole report: every loop over closures, connections and bins must be
 * linear or n log n, so this takes seconds. Nothing here is timed (bench/scale.ts prints the ratio of
 * 10x the input); the timeout is generous and only catches the quadratic loops this replaced, which did
 * not finish 200,000 open connections in 120 s.
 */
test(`${CLOSURES.toLocaleString('en')} closures and ${NEVER_CLOSED.toLocaleString('en')} connections never closed, analysed and rendered in every format`, {
  timeout: 600_000,
}, () => {
  const analyzer = new ClosureAnalyzer();
  for (const event of scaleEvents({ closures: CLOSURES, neverClosed: NEVER_CLOSED, channels: CHANNELS })) {
    analyzer.push(event);
  }
  const summary = analyzer.finish();
  assert.equal(summary.closures.length, CLOSURES);
  assert.equal(summary.openAtEnd, NEVER_CLOSED);
  assert.equal(summary.endedByProbe.length, CHANNELS);
  assert.equal(summary.connections, CLOSURES + NEVER_CLOSED + CHANNELS);
  assert.ok(summary.patterns.waves.length > 0, 'the restarts line up closures of different ages');
  assert.ok(summary.patterns.keepalive !== null, 'four keepalive lanes side by side get a verdict');
  assert.ok(
    summary.closures.some((row) => row.cause === 'lifetime-cap' && row.confidence === 'high'),
    'the timer comparison settled the 15-minute closures of the lanes that sent and those that did not',
  );
  for (const format of REPORT_FORMATS) {
    const text = renderSummary(summary, format, { color: false });
    assert.ok(text.length > 0, format);
    if (format === 'table') assert.match(text, /… and 199,900 more closures, not listed here/);
    if (format === 'junit') assert.match(text, /<testsuites name="idleprobe" tests="200020"/);
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import type { RunSummary } from '../../src/analysis/summary.js';
import { TimelineCollector } from '../../src/analysis/timeline.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { maskChannelIds } from '../../src/protocol/channel-id.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderSummary } from '../../src/report/render-summary.js';
import { renderSvg } from '../../src/report/render-svg.js';
import { renderTable, TABLE_ROW_LIMIT } from '../../src/report/render-table.js';
import { CHANNEL, OTHER_CHANNEL, script } from '../support/event-builders.js';

/** The escape-and-bracket that starts every ANSI colour code. */
const ANSI = new RegExp(`${String.fromCharCode(0x1b)}\\[`);

/** A scaled run: an idle timeout after a warning, a reset without close frame, and one the probe ended. */
function busyRun(): RunSummary {
  return analyze(busyRunEvents());
}

function busyRunEvents(): ProbeEvent[] {
  return script()
    .runStart(60, 'sim://idle-timeout')
    .at(0)
    .open(1)
    .open(1, OTHER_CHANNEL)
    .heartbeats(30, 500)
    .after(100)
    .warning()
    .after(1_000)
    .close()
    .after(10)
    .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }, 1, OTHER_CHANNEL)
    .open(2)
    .after(2_000)
    .close({ code: 1000, reason: 'run ended', by: 'probe' }, 2)
    .runEnd('duration', 2)
    .build();
}

function quietRun(): RunSummary {
  return analyze(
    script().runStart().at(0).open().heartbeats(2).close({ by: 'probe', code: 1000, reason: '' }).runEnd().build(),
  );
}

describe('the terminal table', () => {
  test('a soak of thousands of closures lists the first hundred and counts the rest; JSON keeps them all', () => {
    const events = script().runStart().at(0);
    const closures = TABLE_ROW_LIMIT * 30 + 7;
    for (let conn = 1; conn <= closures; conn += 1) events.open(conn).after(1_000).close({}, conn).after(10);
    const summary = analyze(events.runEnd().build());
    const text = renderTable(summary, { color: false });
    const rows = text.split('\n').filter((line) => line.includes('1001 idle timeout'));
    assert.equal(rows.length, TABLE_ROW_LIMIT);
    const causes = text.split('\n').filter((line) => line.startsWith('  conn '));
    assert.equal(causes.length, TABLE_ROW_LIMIT);
    const unlisted = (closures - TABLE_ROW_LIMIT).toLocaleString('en-US');
    assert.equal(text.split(`… and ${unlisted} more closures, not listed here`).length - 1, 2, text.slice(-2000));
    assert.equal((JSON.parse(renderJson(summary)) as { closures: unknown[] }).closures.length, closures);
  });

  test('a closure row shows its cells: short channel, times, age, close, gaps and heartbeats', () => {
    const text = renderTable(busyRun(), { color: false });
    const line = text.split('\n').find((l) => l.includes('│ …p89t6z │')) ?? '';
    for (const cell of [
      '12:00:00.000',
      '12:00:16.100',
      '16m 06.0s',
      '1001 idle timeout',
      '1m 06.0s',
      '1m 00.0s',
      '30 / 30.0s',
    ]) {
      assert.ok(line.includes(cell), `missing ${cell} in ${line}`);
    }
    assert.ok(text.includes('1006 no close frame, ECONNRESET'));
    assert.ok(!text.includes(CHANNEL), 'the full channel id is not shown');
  });

  test('the header names the target and says durations are in scenario time', () => {
    const text = renderTable(busyRun(), { color: false });
    assert.match(text, /Run against sim:\/\/idle-timeout, started 2026-01-01 12:00:00 UTC, ended .* \(duration\)/);
    assert.match(text, /Durations in scenario time \(time scale 60x\)/);
    assert.match(text, /1 connection ended by the probe itself/);
  });

  test('a real-time run does not mention scenario time', () => {
    assert.doesNotMatch(renderTable(quietRun(), { color: false }), /scenario time/);
  });

  test('without colour there is no ANSI code at all; with colour there is', () => {
    assert.doesNotMatch(renderTable(busyRun(), { color: false }), ANSI);
    assert.doesNotMatch(renderTable(quietRun(), { color: false }), ANSI);
    assert.match(renderTable(busyRun(), { color: true }), ANSI);
  });

  test('a run without closures says so instead of printing an empty table', () => {
    const text = renderTable(quietRun(), { color: false });
    assert.match(text, /No closures/);
    assert.doesNotMatch(text, /┌/);
  });

  test('a log without run-end says the run did not end cleanly', () => {
    const text = renderTable(analyze(script().runStart().at(0).open().build()), { color: false });
    assert.match(text, /did not end cleanly/);
    assert.match(text, /1 connection still open when the log ended/);
  });
});

describe('the markdown report', () => {
  test('is a GitHub table with one row per closure under the run facts', () => {
    const text = renderMarkdown(busyRun());
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| channel | conn |'));
    assert.ok(header > 0);
    assert.match(lines[header + 1] ?? '', /^\| --- \| ---: \|/);
    assert.match(lines[header + 2] ?? '', /^\| …p89t6z \| 1 \| 12:00:00\.000 \|.*\| 1001 idle timeout \|/);
    assert.match(text, /- Durations in scenario time \(time scale 60x\)/);
  });

  test('never prints a channel id in full, even inside a close reason', () => {
    const summary = busyRun();
    const leaky = {
      ...summary,
      closures: summary.closures.map((r) => ({ ...r, reason: `channel ${r.channel} gone` })),
    };
    const text = renderMarkdown(leaky);
    assert.ok(!text.includes(CHANNEL) && !text.includes(OTHER_CHANNEL), text);
    assert.ok(!text.includes('fmtdmf8cdis7jh14udg5'));
    assert.ok(text.includes('channel …p89t6z gone'));
  });

  test('a pipe or a line break in a close reason cannot break the table', () => {
    const summary = busyRun();
    const odd = { ...summary, closures: summary.closures.map((r) => ({ ...r, reason: 'a|b\nc' })) };
    const row =
      renderMarkdown(odd)
        .split('\n')
        .find((l) => l.startsWith('| …p89t6z')) ?? '';
    assert.ok(row.includes('a\\|b c'), row);
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 12, 'twelve cells');
  });

  test('has no ANSI codes', () => {
    assert.doesNotMatch(renderMarkdown(busyRun()), ANSI);
  });
});

describe('channel ids', () => {
  test('every output a person reads, and every error, shortens an id the same way', () => {
    const events = busyRunEvents();
    const timelines = new TimelineCollector();
    const analyzer = new ClosureAnalyzer(timelines);
    for (const event of events) analyzer.push(event);
    const summary = analyzer.finish();
    const leaky = {
      ...summary,
      closures: summary.closures.map((r) => ({ ...r, reason: `channel ${r.channel} gone` })),
    };
    const outputs = {
      table: renderTable(leaky, { color: false }),
      markdown: renderMarkdown(leaky),
      junit: renderJunit(leaky),
      svg: renderSvg(leaky, timelines.result().timelines),
      error: maskChannelIds(`HTTP 404 on /channels/${CHANNEL}`),
    };
    for (const [name, text] of Object.entries(outputs)) {
      assert.ok(text.includes('…p89t6z'), `${name} shows the id's last six characters`);
      assert.ok(!text.includes('g5p89t6z'), `${name} shows no more of the id than that`);
    }
  });
});

describe('the JSON report', () => {
  test('round-trips to the same summary', () => {
    const summary = busyRun();
    assert.deepEqual(JSON.parse(renderJson(summary)), summary);
  });

  test('keeps a stable key order whatever order the summary was built in', () => {
    const summary = busyRun();
    const shuffled = Object.fromEntries(Object.entries(summary).reverse()) as unknown as RunSummary;
    assert.equal(renderJson(shuffled), renderJson(summary));
    assert.deepEqual(Object.keys(JSON.parse(renderJson(summary))).slice(0, 3), ['schema', 'timeScale', 'scenarioTime']);
    assert.match(renderJson(summary), /^\{\n {2}"schema": 1,/);
  });
});

describe('choosing a format', () => {
  test('each format name gives its renderer', () => {
    const summary = busyRun();
    assert.equal(renderSummary(summary, 'json', { color: true }), renderJson(summary));
    assert.equal(renderSummary(summary, 'markdown', { color: true }), renderMarkdown(summary));
    assert.equal(renderSummary(summary, 'table', { color: false }), renderTable(summary, { color: false }));
  });
});

import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';
import { renderSummary } from '../../src/report/render-summary.js';
import { chooseLayout, renderTable } from '../../src/report/render-table.js';
import { visibleWidth } from '../../src/report/visible-width.js';
import { wrapText } from '../../src/report/wrap-text.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
/** Fixture logs with closures, the widest cause lines among them, one with a wave, and a quiet one. */
/** The escape-and-bracket that starts every ANSI colour code. */
const ANSI = new RegExp(`${String.fromCharCode(0x1b)}\\[`);
const LOGS = ['idle-timeout', 'firewall-black-hole', 'half-open', 'maintenance', 'token-expiry', 'steady'];

async function summary(name: string) {
  return summarizeLogs([`${FIXTURES}${name}.ndjson`], { sourceName: (path) => basename(path) });
}

function widths(text: string): number[] {
  return text.replace(/\n$/, '').split('\n').map(visibleWidth);
}

describe('wrapping a line at the width', () => {
  const sentence =
    'conn 12 on …v44hl1, keepalive none: client-silence (high): The server closed it after 14m 59.0s without a client message while heartbeats flowed for 1h 02m 03.0s.';

  test('every line fits, the hanging indent starts every line after the first, and no word is cut', () => {
    for (const width of [30, 41, 80, 120]) {
      const lines = wrapText(sentence, width, '  ', '    ');
      assert.ok(lines.length > 1, `${width}: wrapped`);
      for (const line of lines) assert.ok(line.length <= width, `${width}: "${line}" is ${line.length} wide`);
      assert.ok(lines[0]?.startsWith('  conn'));
      for (const line of lines.slice(1)) assert.match(line, /^ {4}\S/);
      // The words, in order, are exactly the sentence's: nothing cut, lost or doubled.
      assert.equal(lines.map((line) => line.trim()).join(' '), sentence);
    }
  });

  test('durations, connection and lane numbers stay on one line', () => {
    for (let width = 12; width <= 60; width += 1) {
      const lines = wrapText(sentence, width);
      for (const kept of ['14m 59.0s', '1h 02m 03.0s', 'conn 12']) {
        assert.ok(
          lines.some((line) => line.includes(kept)),
          `${width}: "${kept}" broken in ${JSON.stringify(lines)}`,
        );
      }
    }
  });

  test('a word longer than the line is cut, and only then; an unbounded width leaves the line whole', () => {
    const id = 'a7c1f0e2-9b3d-4c8e-8f21-0d6b5e4a3c2b';
    assert.deepEqual(wrapText(`channel ${id} closed`, 20), [
      'channel',
      'a7c1f0e2-9b3d-4c8e-8',
      'f21-0d6b5e4a3c2b',
      'closed',
    ]);
    assert.deepEqual(wrapText(`channel ${id} closed`, 45), [`channel ${id}`, 'closed']);
    assert.deepEqual(wrapText(sentence, Number.POSITIVE_INFINITY, '  '), [`  ${sentence}`]);
  });

  test('a hanging indent wider than the line is dropped rather than overflowing', () => {
    for (const line of wrapText(sentence, 6, '        ', '        ')) assert.ok(line.length <= 6, line);
  });
});

describe('the summary in a terminal of 80, 120 and 200 columns', () => {
  test('the layout is the full table when it fits or is asked for, blocks otherwise', () => {
    assert.equal(chooseLayout(157, 200, false), 'table');
    assert.equal(chooseLayout(157, 157, false), 'table');
    assert.equal(chooseLayout(157, 156, false), 'blocks');
    assert.equal(chooseLayout(157, 80, true), 'table');
    assert.equal(chooseLayout(157, undefined, false), 'table');
  });

  for (const width of [40, 80, 120, 200]) {
    test(`at ${width} columns no line is wider, colour escapes not counted`, async () => {
      for (const name of LOGS) {
        const text = renderTable(await summary(name), { color: true, width });
        assert.match(text, ANSI, `${name}: coloured`);
        const over = text.split('\n').filter((line) => visibleWidth(line) > width);
        assert.deepEqual(over, [], `${name} at ${width}`);
      }
    });
  }

  test('at 80 and 120 columns each closure is a block of key: value lines, with its cause and evidence', async () => {
    for (const width of [80, 120]) {
      const text = stripVTControlCharacters(renderTable(await summary('idle-timeout'), { color: true, width }));
      assert.doesNotMatch(text, /┌/, `${width}: no table`);
      assert.doesNotMatch(text, /^Causes:/m);
      assert.equal(text.match(/^conn \d+ on …\w+, keepalive /gm)?.length, 5);
      assert.match(text, /^ {2}age: +14m 59\.0s$/m);
      assert.match(text, /^ {2}close: +1001 idle timeout$/m);
      assert.match(text, /^ {2}cause: +client-silence \(high\)$/m);
      assert.match(text, /^ {2}evidence: +The server closed it after 14m 59\.0s/m);
    }
  });

  test('at 40 columns a value follows its key when both fit a line, and goes below it when not', async () => {
    const text = stripVTControlCharacters(renderTable(await summary('idle-timeout'), { color: true, width: 40 }));
    assert.match(text, /^ {2}heartbeats \/ largest gap: 29 \/ 31\.8s$/m);
    assert.match(text, /^ {2}close: 1001 idle timeout$/m);
    assert.match(text, /^ {2}evidence:\n {4}The server closed it after 14m 59\.0s$/m);
  });

  test('at 200 columns the full table, and the cause lines below it wrapped within the width', async () => {
    const text = renderTable(await summary('idle-timeout'), { color: false, width: 200 });
    assert.match(text, /^┌/m);
    assert.match(text, /^Causes:$/m);
    assert.ok(Math.max(...widths(text)) <= 200);
    assert.match(text, /^ {4}\S/m, 'a cause line continues under a hanging indent');
  });

  test('--wide keeps the full table at 80 columns; only the table may be wider', async () => {
    const text = renderTable(await summary('idle-timeout'), { color: false, width: 80, wide: true });
    assert.match(text, /^┌/m);
    const over = text.split('\n').filter((line) => visibleWidth(line) > 80);
    assert.ok(over.length > 0);
    for (const line of over) assert.match(line, /^[┌│├└]/);
  });

  test('without a width (a file, a pipe) the summary is the same as the saved golden render', async () => {
    for (const name of LOGS) {
      const s = await summary(name);
      assert.equal(renderSummary(s, 'table', { color: false }), renderTable(s, { color: false, width: undefined }));
      assert.ok(Math.max(...widths(renderTable(s, { color: false }))) > 120 || name === 'steady');
    }
  });
});

describe('the blind-time lines of a quiet run', () => {
  test('a lane with no failed attempt, blind for less than a heartbeat interval, gets no line; the JSON keeps it', async () => {
    const quiet = await summary('steady');
    assert.doesNotMatch(renderTable(quiet, { color: false }), /blind/i);
    const json = JSON.parse(renderSummary(quiet, 'json', { color: false }));
    assert.equal(json.lanes.length, 1);
    assert.ok(json.lanes[0].blindMs > 0);
    assert.equal(json.blindMs, json.lanes[0].blindMs);
  });

  test('lanes without failed attempts, one blind longer than a heartbeat interval: one total line', async () => {
    const text = renderTable(await summary('idle-timeout'), { color: false });
    assert.doesNotMatch(text, /^Keepalive \S+: blind for/m);
    assert.match(text, /^Blind for 2m 26\.8s in all, summed over 4 lanes \(0 failed attempts\)\.$/m);
  });

  test('lanes without failed attempts, each blind for less than a heartbeat interval: no line', async () => {
    const summed = await summary('lifetime-cap');
    assert.ok(summed.blindMs > 30_000 && summed.lanes.every((lane) => lane.blindMs < 30_000));
    assert.doesNotMatch(renderTable(summed, { color: false }), /blind/i);
  });
});

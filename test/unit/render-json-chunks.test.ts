import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { renderJsonChunks } from '../../src/report/render-json.js';
import { scaleEvents } from '../support/scale-events.js';

test('the JSON report written row by row is one document, each row its own piece, whatever the log names', () => {
  const summary = analyze(scaleEvents({ closures: 60, neverClosed: 3, channels: 6 }));
  assert.ok(summary.closures.length >= 60 && summary.endedByProbe.length > 0);
  // A target that spells the stand-in for the rows, as a hostile log could.
  const hostile = {
    ...summary,
    target: '\u0000rows of closures',
    targets: ['\n  "closures": "\u0000rows of closures"'],
  };
  const chunks = [...renderJsonChunks(hostile)];
  const document = JSON.parse(chunks.join(''));
  assert.equal(document.target, hostile.target);
  assert.deepEqual(document.targets, hostile.targets);
  assert.deepEqual(
    document.closures.map((row: { channel: string; connection: number }) => [row.channel, row.connection]),
    summary.closures.map((row) => [row.channel, row.connection]),
  );
  assert.equal(document.endedByProbe.length, summary.endedByProbe.length);
  assert.deepEqual(Object.keys(document.closures[0]), Object.keys(document.endedByProbe[0]));
  // No piece holds two rows: the output never needs the whole list in one string.
  const rowsPerChunk = chunks.map((chunk) => chunk.match(/"openedAt"/g)?.length ?? 0);
  assert.equal(Math.max(...rowsPerChunk), 1);
  assert.equal(
    rowsPerChunk.reduce((sum, n) => sum + n, 0),
    summary.closures.length + summary.endedByProbe.length,
  );
});

test('an empty list of rows is written as the whole document would write it', () => {
  const summary = analyze(scaleEvents({ closures: 0, neverClosed: 2, channels: 2 }));
  const text = [...renderJsonChunks({ ...summary, closures: [], endedByProbe: [] })].join('');
  assert.match(text, /\n {2}"closures": \[\],\n {2}"endedByProbe": \[\],\n/);
  JSON.parse(text);
});

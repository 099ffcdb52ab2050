import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verdict, verdictTable } from '../../bench/verdict.js';

test('the closing bench table has a line per bar, the name and time once, and counts only bars held', () => {
  const table = verdictTable(
    [
      {
        name: 'offline-analysis',
        seconds: 24.6,
        verdicts: [verdict('report / bare <= 1.5x', '1.62x', false), verdict('report / jq < 1x', '0.61x', true)],
      },
      { name: 'read-throughput', seconds: 4.6, verdicts: [verdict('none', '1.64x', null)] },
    ],
    357.2,
  );
  const lines = table.split('\n');
  assert.match(lines[0] ?? '', /^benchmark\s+bar\s+figure\s+verdict\s+time$/);
  assert.match(lines[2] ?? '', /^offline-analysis\s+report \/ bare <= 1\.5x\s+1\.62x\s+NOT MET\s+25 s$/);
  assert.match(lines[3] ?? '', /^\s+report \/ jq < 1x\s+0\.61x\s+met$/);
  assert.match(lines[4] ?? '', /^read-throughput\s+none\s+1\.64x\s+-\s+5 s$/);
  assert.equal(lines.at(-1), '1 of 2 bars met; total 357 s');
  // Columns line up: each verdict starts where the header's does.
  const column = lines[0]?.indexOf('verdict');
  assert.equal(lines[2]?.indexOf('NOT MET'), column);
  assert.equal(lines[3]?.indexOf('met'), column);
});

test('a benchmark that failed counts as a bar not met', () => {
  const table = verdictTable([{ name: 'hold-channels', seconds: 3, verdicts: null }], 3);
  assert.match(table, /hold-channels\s+\(failed\)\s+-\s+NOT MET\s+3 s/);
  assert.match(table, /0 of 1 bars met/);
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { analyzeStream } from '../../src/analysis/closure-analyzer.js';
import { readEventLog } from '../../src/log/read-log.js';

/** The compiled test lives in dist/test/unit; the docs stay at the repository root. */
const LOG_FORMAT_DOC = new URL('../../../docs/log-format.md', import.meta.url);

test('the example log in docs/log-format.md reads back and explains both closures', async () => {
  const doc = readFileSync(LOG_FORMAT_DOC, 'utf8');
  const example = /## Example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(example, 'the example block is there');
  const summary = await analyzeStream(readEventLog(Readable.from([example]), 'docs/log-format.md'));
  assert.deepEqual(
    summary.closures.map((r) => [r.connection, r.code, r.by, r.warningLeadMs, r.sincePongMs]),
    [
      [1, 1001, 'server', 60_000, 66_000],
      [2, 1006, 'watchdog', null, null],
    ],
  );
  assert.equal(summary.closures[1]?.sinceInboundMs, null, 'the second connection never heard a frame');
  assert.equal(summary.endReason, 'closures');
  assert.equal(summary.failedToOpen, 0);
  // Blind until the first open, between the closure and the reconnect, and after the watchdog's end.
  assert.deepEqual(
    summary.lanes.map((lane) => [lane.lane, lane.keepalive, lane.connected, lane.failedAttempts]),
    [[1, 'none', true, 0]],
  );
  assert.equal(Math.round(summary.blindMs), Math.round(875 - 400.1 + (98_100 - 97_916.25) + (189_102 - 189_101)));
});

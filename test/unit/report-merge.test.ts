import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';
import { CHANNEL, EventScript, script } from '../support/event-builders.js';

const MIN = 60_000;

describe('several logs merge into one summary', () => {
  test('the same channel and connection number on two machines stay two connections, each named by its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-merge-'));
    try {
      // Two machines, each with its own conn 1 on a channel id that happens to be the same.
      writeFileSync(
        join(dir, 'host-a.ndjson'),
        script()
          .runStart(1, 'eu-west-1')
          .at(0)
          .open()
          .heartbeats(29)
          .at(15 * MIN)
          .close()
          .runEnd()
          .ndjson(),
      );
      // host-b ran an hour later: the same channel id, but never open at the same time as host-a's.
      writeFileSync(
        join(dir, 'host-b.ndjson'),
        new EventScript(Date.UTC(2026, 0, 1, 13, 0, 0))
          .runStart(1, 'eu-west-1')
          .at(0)
          .open()
          .heartbeats(3)
          .at(100_300)
          .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' })
          .runEnd()
          .ndjson(),
      );
      const summary = await summarizeLogs([join(dir, 'host-a.ndjson'), join(dir, 'host-b.ndjson')], {
        sourceName: (p) => basename(p),
      });
      assert.equal(summary.runs, 2);
      assert.deepEqual(
        summary.closures.map((r) => [r.source, r.run, r.channel, r.connection, r.cause]),
        [
          ['host-a.ndjson', 1, CHANNEL, 1, 'client-silence'],
          ['host-b.ndjson', 2, CHANNEL, 1, 'intermediary'],
        ],
      );
      assert.equal(summary.connections, 2);
      assert.equal(
        summary.closures[1]?.signals.otherSocketOpened,
        false,
        "another machine's run is not a second socket",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a log killed mid-run leaves its open connection counted, not matched with the next file's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-merge-'));
    try {
      writeFileSync(join(dir, 'killed.ndjson'), script().runStart().at(0).open().heartbeats(2).ndjson());
      writeFileSync(join(dir, 'next.ndjson'), script().at(0).heartbeats(1).at(40_000).close().ndjson());
      const summary = await summarizeLogs([join(dir, 'killed.ndjson'), join(dir, 'next.ndjson')]);
      assert.equal(summary.openAtEnd, 1);
      assert.equal(summary.closures.length, 0, 'a close in another file does not close this connection');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

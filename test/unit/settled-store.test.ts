import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import type { SettledClosure } from '../../src/analysis/closure-draft.js';
import {
  SettledInMemory,
  SettledOnDisk,
  type SettledStore,
  settledOffHeapPast,
} from '../../src/analysis/settled-store.js';
import { readEventLog } from '../../src/log/read-log.js';
import { SpillFile } from '../../src/log/spill-file.js';
import { fillDisk, smallDisk } from '../support/small-disk.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const LOGS = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ndjson'))
  .sort();

function privateFolder(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-spill-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function summaryWith(store: SettledStore, logs: string[]) {
  const analyzer = new ClosureAnalyzer(null, store);
  for (const log of logs) {
    analyzer.beginSource(log);
    for await (const event of readEventLog(createReadStream(`${FIXTURES}${log}`), log)) analyzer.push(event);
  }
  try {
    return analyzer.finish();
  } finally {
    analyzer.release();
  }
}

describe('closures set aside on disk', () => {
  test('records read back exactly, in order, as often as asked, across chunk boundaries', (t) => {
    const file = SpillFile.open<{ n: number; text: string }>(privateFolder(t));
    assert.ok(file, 'a private temporary folder takes a file');
    t.after(() => file.close());
    // Long records (past the 64 KiB read chunk), short ones, and text of several bytes a character.
    const records = Array.from({ length: 300 }, (_, n) => ({
      n,
      text: n % 50 === 7 ? 'é'.repeat(70_000 + n) : `conn ${n} · idle timeout ✓`,
    }));
    for (const record of records) assert.equal(file.append(record), true);
    assert.equal(file.length, records.length);
    assert.deepEqual([...file.records()], records);
    assert.deepEqual([...file.records()], records, 'a second reading gives the same');
  });

  test('the file has no name while it is open, and nothing is left once closed', (t) => {
    const parent = privateFolder(t);
    const file = SpillFile.open<number>(parent);
    assert.ok(file);
    file.append(1);
    if (process.platform !== 'win32')
      assert.deepEqual(readdirSync(parent), [], 'unlinked at once: a crash leaves nothing');
    file.close();
    file.close();
    assert.deepEqual(readdirSync(parent), []);
  });

  test('a temporary folder that takes no file gives none, so closures stay in memory', (t) => {
    const readOnly = smallDisk(t, 64, 'ro');
    if (readOnly === null) return t.skip('needs a read-only tmpfs');
    assert.equal(SpillFile.open(readOnly), null);
  });

  test('a disk that fills keeps every closure after it in memory, in close order', async (t) => {
    const disk = smallDisk(t, 256);
    if (disk === null) return t.skip('needs a small tmpfs');
    const file = SpillFile.open<SettledClosure>(disk);
    assert.ok(file);
    fillDisk(disk, 20 * 1024);
    const store = new SettledOnDisk(file);
    const inMemory = new SettledInMemory();
    const closures = (await settledOf('idle-timeout.ndjson')).slice(0, 1);
    // The same closure many times over, each numbered, until well past what the disk holds.
    for (let n = 0; n < 200; n += 1) {
      const closure = { ...(closures[0] as SettledClosure) };
      closure.facts = { ...closure.facts, connection: n };
      store.add(closure);
      inMemory.add(closure);
    }
    assert.ok(file.length > 0 && file.length < 200, `the disk took ${file.length} of 200, then filled`);
    assert.deepEqual(
      [...store.each()].map((c) => c.facts.connection),
      [...inMemory.each()].map((c) => c.facts.connection),
    );
    store.release();
  });

  for (const log of LOGS) {
    test(`${log}: the summary is the same whether its closures waited on disk or in memory`, async (t) => {
      const onDisk = SpillFile.open<SettledClosure>(privateFolder(t));
      assert.ok(onDisk);
      assert.deepEqual(
        await summaryWith(new SettledOnDisk(onDisk), [log]),
        await summaryWith(new SettledInMemory(), [log]),
      );
    });
  }

  test('the first closures in the heap and the rest on disk, as a report keeps them: the same summary', async () => {
    const split = await summaryWith(settledOffHeapPast(5), LOGS);
    assert.ok(split.closures.length > 20, 'well past the closures kept in the heap');
    assert.deepEqual(split, await summaryWith(new SettledInMemory(), LOGS));
  });

  test('every fixture merged into one report (second sockets across runs): the same on disk and in memory', async (t) => {
    const onDisk = SpillFile.open<SettledClosure>(privateFolder(t));
    assert.ok(onDisk);
    const fromDisk = await summaryWith(new SettledOnDisk(onDisk), LOGS);
    assert.deepEqual(fromDisk, await summaryWith(new SettledInMemory(), LOGS));
    assert.ok(fromDisk.runs > 1 && fromDisk.closures.length > 20, 'several runs, many closures');
  });
});

/** The settled closures of a fixture, as the analyzer hands them to its store. */
async function settledOf(log: string): Promise<SettledClosure[]> {
  const kept = new SettledInMemory();
  const analyzer = new ClosureAnalyzer(null, kept);
  for await (const event of readEventLog(createReadStream(`${FIXTURES}${log}`), log)) analyzer.push(event);
  analyzer.beginSource(null);
  return [...kept.each()];
}

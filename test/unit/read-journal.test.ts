import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readJournal } from '../../src/grade/read-journal.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('journal');
const line = (extra: Record<string, unknown>) =>
  JSON.stringify({ at: 1, scenarioMs: 600, kind: 'open', channel: 'c', client: 'app', socket: 1, ...extra });

test('a torn last line (a killed simulator) is skipped with a warning; the rest is read', async () => {
  const file = join(tempDir(), 'j.ndjson');
  writeFileSync(file, `${line({})}\n\n${line({ kind: 'future-kind' })}\n{"at":2,"scenar`);
  const warnings: string[] = [];
  const records = await readJournal(file, { onWarning: (message) => warnings.push(message) });
  assert.deepEqual(
    records.map((r) => r.kind),
    ['open', 'future-kind'],
  );
  assert.deepEqual(warnings, [`${file} line 4 is not JSON: skipped as a torn last line.`]);
});

test('a bad line inside the journal stops the read, naming the line and the field', async () => {
  const dir = tempDir();
  for (const [bad, problem] of [
    [line({ socket: '1' }), 'line 2 has a "socket" that is not a number'],
    [line({ scenarioMs: -5 }), 'line 2 has no "scenarioMs" of zero or more milliseconds'],
    ['[1,2]', 'line 2 is not a JSON object'],
    ['nonsense', 'line 2 is not JSON'],
  ] as const) {
    const file = join(dir, 'j.ndjson');
    writeFileSync(file, `${line({})}\n${bad}\n${line({})}\n`);
    await assert.rejects(readJournal(file), (error: Error) => {
      assert.ok(error.message.includes(problem), error.message);
      return true;
    });
  }
});

test('a missing file or a folder is named, with the file grade wants', async () => {
  const dir = tempDir();
  await assert.rejects(
    readJournal(join(dir, 'nope.ndjson')),
    /cannot read ".*nope\.ndjson": .*Give a journal written by idleprobe sim --journal FILE/,
  );
  await assert.rejects(
    readJournal(dir),
    /is a folder\. Give one journal file, written by idleprobe sim --journal FILE\./,
  );
});

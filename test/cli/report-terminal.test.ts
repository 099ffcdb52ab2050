import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv, runCli } from '../support/spawn-cli.js';

const LOG = fileURLToPath(new URL('../../../fixtures/logs/idle-timeout.ndjson', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../../../fixtures/logs/expected/idle-timeout.table.txt', import.meta.url));
const ESC = String.fromCharCode(0x1b);

describe('idleprobe report into a pipe: width and colour from the environment and flags', () => {
  test('with nothing set, the full table with whole lines and no colour: the saved render', async () => {
    const result = await runCli(['report', LOG]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, await readFile(GOLDEN, 'utf8'));
  });

  test('COLUMNS=80 gives the blocks within 80 columns; --wide the table again', async () => {
    const narrow = await runCli(['report', LOG], { env: cleanEnv({ COLUMNS: '80' }) });
    assert.match(narrow.stdout, /^Closures:$/m);
    for (const line of narrow.stdout.split('\n')) assert.ok([...line].length <= 80, line);
    const wide = await runCli(['report', LOG, '--wide'], { env: cleanEnv({ COLUMNS: '80' }) });
    assert.match(wide.stdout, /^┌/m);
    assert.doesNotMatch(wide.stdout, /^Closures:$/m);
  });

  test('FORCE_COLOR=1 colours a pipe; --no-color wins over it; NO_COLOR loses to it', async () => {
    const forced = await runCli(['report', LOG], { env: cleanEnv({ FORCE_COLOR: '1' }) });
    assert.ok(forced.stdout.includes(`${ESC}[1m`));
    const flag = await runCli(['report', LOG, '--no-color'], { env: cleanEnv({ FORCE_COLOR: '1' }) });
    assert.ok(!flag.stdout.includes(ESC));
    const both = await runCli(['report', LOG], { env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }) });
    assert.ok(both.stdout.includes(ESC));
    const off = await runCli(['report', LOG], { env: cleanEnv({ FORCE_COLOR: '0' }) });
    assert.ok(!off.stdout.includes(ESC));
  });
});

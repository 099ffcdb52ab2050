import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/spawn-cli.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));

describe('idleprobe report, from the built binary', () => {
  test('--fail-on closure exits 3 on an unexpected closure and names it on stderr', async () => {
    const result = await runCli([
      'report',
      `${FIXTURES}network-drop.ndjson`,
      '--fail-on',
      'closure',
      '--format',
      'json',
    ]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /--fail-on: unexpected closure x2 \(conn 1, conn 2\)\./);
    assert.equal(JSON.parse(result.stdout).closures[0].cause, 'intermediary');
  });

  test('--fail-on closure exits 0 when the only closures were announced maintenance', async () => {
    const result = await runCli(['report', `${FIXTURES}maintenance.ndjson`, '--fail-on', 'closure']);
    assert.equal(result.code, 0, result.stderr);
  });

  test('--fail-on blind>DURATION exits 8 when the lanes were blind longer in all, and names the time on stderr', async () => {
    // Four lanes at 600x, each blind while it connected and reconnected: 2m 26.8s in all.
    const log = `${FIXTURES}idle-timeout.ndjson`;
    const blind = await runCli(['report', log, '--fail-on', 'blind>2m', '--format', 'json']);
    assert.equal(blind.code, 8, blind.stderr);
    assert.match(blind.stderr, /--fail-on blind>2m 00\.0s: the probe was blind for 2m 26\.8s/);
    assert.equal(JSON.parse(blind.stdout).blindMs, 146_796);
    const within = await runCli(['report', log, '--fail-on', 'blind>3m']);
    assert.equal(within.code, 0, within.stderr);
    assert.match(within.stdout, /Blind for 2m 26\.8s in all, summed over 4 lanes \(0 failed attempts\)\./);
  });

  test('an unknown --fail-on condition is a usage mistake (exit 2) before any file is read', async () => {
    const result = await runCli(['report', '/nonexistent.ndjson', '--fail-on', 'sometimes']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--fail-on "sometimes" is not known/);
  });

  test('several logs merge into one JUnit report with a test case per connection', async () => {
    const result = await runCli([
      'report',
      `${FIXTURES}maintenance.ndjson`,
      `${FIXTURES}half-open.ndjson`,
      '--format',
      'junit',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.match(/<testcase /g)?.length, 4);
    assert.equal(result.stdout.match(/<testsuite /g)?.length, 2, 'a suite per run');
    assert.equal(result.stdout.match(/<failure type="half-open"/g)?.length, 2);
  });

  test('--svg and --share write their files and the table still goes to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idleprobe-report-cli-'));
    try {
      const result = await runCli([
        'report',
        `${FIXTURES}evicted.ndjson`,
        '--svg',
        join(dir, 't.svg'),
        '--share',
        join(dir, 'share'),
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /evicted \(high\)/);
      assert.match(readFileSync(join(dir, 't.svg'), 'utf8'), /^<svg /);
      assert.deepEqual(readdirSync(join(dir, 'share')).sort(), [
        'evicted.redacted.ndjson',
        'summary.md',
        'timeline.svg',
      ]);
      assert.ok(
        !readFileSync(join(dir, 'share', 'evicted.redacted.ndjson'), 'utf8').includes('streaming-0-'),
        'no channel id in the shared log',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { within } from '../support/deadline.js';
import { fillDisk, smallDisk } from '../support/small-disk.js';
import { BIN, type CliResult, cleanEnv, runCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('report-input');
const FIXTURES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const LOG = `${FIXTURES}firewall-black-hole.ndjson`;

function assertClearFailure(result: CliResult, code: number, message: RegExp): void {
  assert.equal(result.code, code, result.stderr);
  assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /unexpected failure|\n\s+at /, 'no stack trace');
}

/** `idleprobe ARGS` under a shell, for what only a shell sets up: a file size limit, a redirection. */
function shellCli(script: string, args: string[]): Promise<CliResult> {
  const child = spawn('sh', ['-c', script, 'sh', process.execPath, BIN, ...args], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return within(exited, `sh -c ${script}`, 60_000).catch((error: Error) => {
    child.kill('SIGKILL');
    throw error;
  });
}

describe('report reads what it is given, or says why not', () => {
  test('a folder is named as a folder, with the command to use instead', async () => {
    const dir = tempDir();
    assertClearFailure(
      await runCli(['report', dir]),
      1,
      /is a folder\. Give the event logs in it, as in: idleprobe report ".*"\/\*\.ndjson/,
    );
  });

  test('- reads standard input, and /dev/stdin reads it too, as a pipe', async () => {
    const text = readFileSync(LOG);
    const fromFile = await runCli(['report', LOG]);
    for (const name of ['-', '/dev/stdin']) {
      const piped = await runCli(['report', name], { stdin: text });
      assert.equal(piped.code, 0, piped.stderr);
      assert.equal(piped.stdout, fromFile.stdout, name);
    }
  });

  test('/dev/stdin from a shell pipe or a redirected file reads like the file', async () => {
    const fromFile = await runCli(['report', LOG]);
    for (const script of [`cat "${LOG}" | "$@"`, `exec "$@" < "${LOG}"`]) {
      const result = await shellCli(script, ['report', '/dev/stdin']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, fromFile.stdout, script);
    }
  });

  test('standard input that is empty is an error, not a report of nothing', async () => {
    assertClearFailure(
      await runCli(['report', '-'], { stdin: '' }),
      1,
      /standard input holds no idleprobe event: it is empty/,
    );
  });

  test('a HAR arrives on standard input as well as in a file', async () => {
    const har = JSON.stringify({
      log: {
        entries: [
          {
            startedDateTime: '2026-03-04T09:00:00.000Z',
            request: { url: 'wss://streaming.mypurecloud.ie/channels/streaming-0-abcdefabcdef' },
            _webSocketMessages: [
              {
                type: 'receive',
                time: Date.UTC(2026, 2, 4, 9, 0, 30) / 1000,
                opcode: 1,
                data: '{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}',
              },
            ],
          },
        ],
      },
    });
    const result = await runCli(['report', '-'], { stdin: har });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1 connection, 1 heartbeat/);
  });

  test('standard input named twice, or with --share (which reads every input twice), is a usage error', async () => {
    for (const twice of [
      ['-', '-'],
      ['-', '/dev/stdin'],
    ])
      assertClearFailure(await runCli(['report', ...twice], { stdin: '' }), 2, /can be read only once: name it once/);
    assertClearFailure(
      await runCli(['report', '--share', join(tempDir(), 'out'), '-'], { stdin: readFileSync(LOG) }),
      2,
      /--share reads each log twice, and standard input can be read only once/,
    );
  });

  test('output that cannot be written is a failure with its reason, not a crash', async () => {
    assertClearFailure(await shellCli('exec "$@" > /dev/full', ['report', LOG]), 1, /cannot write the output: ENOSPC/);
  });
});

describe('--share writes into a new or empty folder only', () => {
  test('a folder holding an earlier summary.md, or anything else, is refused before anything is read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'summary.md'), 'an earlier share');
    assertClearFailure(
      await runCli(['report', '--share', dir, LOG]),
      2,
      /--share ".*" holds the summary\.md of an earlier share .*give a new or empty folder/,
    );
    assert.equal(readFileSync(join(dir, 'summary.md'), 'utf8'), 'an earlier share', 'not overwritten');
    const other = tempDir();
    writeFileSync(join(other, 'notes.txt'), 'private');
    assertClearFailure(await runCli(['report', '--share', other, LOG]), 2, /--share ".*" is not empty \(1 entry\)/);
    assert.deepEqual(readdirSync(other), ['notes.txt']);
  });

  test('an empty folder and a new one are written', async () => {
    const empty = tempDir();
    const fresh = join(tempDir(), 'new', 'share');
    for (const dir of [empty, fresh]) {
      const result = await runCli(['report', '--share', dir, LOG]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(readdirSync(dir).sort(), ['firewall-black-hole.redacted.ndjson', 'summary.md', 'timeline.svg']);
    }
  });

  test('a disk that fills while sharing: exit 1, the reason, and no truncated file left to post', async (t) => {
    const disk = smallDisk(t);
    let result: CliResult;
    let out: string;
    if (disk !== null) {
      fillDisk(disk, 4 * 1024);
      out = join(disk, 'share');
      result = await runCli(['report', '--share', out, LOG]);
    } else {
      // Without a tmpfs, a file size limit makes the same failure (EFBIG) for any user.
      out = join(tempDir(), 'share');
      result = await shellCli('ulimit -f 4; exec "$@"', ['report', '--share', out, LOG]);
    }
    assertClearFailure(result, 1, /cannot write .* in the share folder: E(NOSPC|FBIG).*Nothing was left in the folder/);
    assert.equal(existsSync(out), false, 'the folder the share made is gone with what was in it');
  });

  test('a share that fails in a folder that was there leaves the folder, empty', async (t) => {
    const disk = smallDisk(t);
    if (disk === null) return t.skip('needs root and mount for a small tmpfs; the test above covers the failure');
    const out = join(disk, 'share');
    mkdirSync(out);
    fillDisk(disk, 4 * 1024);
    const result = await runCli(['report', '--share', out, LOG]);
    assertClearFailure(result, 1, /ENOSPC/);
    assert.deepEqual(readdirSync(out), []);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type BoxKind, boxSkipReason, requireExecutable } from '../support/box-process.js';
import { within } from '../support/deadline.js';
import { BIN, cleanEnv, runCli, startCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('follow-cli');
const LINES = readFileSync(new URL('../../../fixtures/logs/idle-timeout.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);
/** The closures: the run closing its own connections as it stops (`by: probe`, two in this log) is not one. */
const CLOSES = LINES.flatMap((line, index) =>
  line.includes('"event":"close"') && !line.includes('"by":"probe"') ? [index] : [],
);

/** Resolves once the child's standard output (or error) holds `text`. */
function outputHas(child: ReturnType<typeof startCli>['child'], text: string, which: 'stdout' | 'stderr' = 'stdout') {
  const stream = child[which];
  let seen = '';
  return within(
    new Promise<void>((resolve) => {
      const listen = (chunk: Buffer | string): void => {
        seen += chunk.toString();
        if (!seen.includes(text)) return;
        stream?.off('data', listen);
        resolve();
      };
      stream?.on('data', listen);
    }),
    `${which} to show ${text}`,
  );
}

test('report --follow, on a pipe: a line per closure as the writer appends it, then on run-end the summary and exit code report gives', async () => {
  const cwd = tempDir();
  const log = join(cwd, 'run.ndjson');
  const { child, result } = startCli(['report', '--follow', 'run.ndjson', '--fail-on', 'closure'], { cwd });
  // The log does not exist yet: the follower says it waits for it.
  await outputHas(child, 'run.ndjson does not exist yet; waiting for it to appear', 'stderr');
  let written = 0;
  for (const [index, closeLine] of CLOSES.entries()) {
    const shown = outputHas(child, `closure ${index + 1}:`);
    appendFileSync(log, `${LINES.slice(written, closeLine + 1).join('\n')}\n`);
    written = closeLine + 1;
    await shown;
  }
  appendFileSync(log, `${LINES.slice(written).join('\n')}\n`);
  const followed = await result;
  const report = await runCli(['report', 'run.ndjson', '--fail-on', 'closure'], { cwd });
  assert.equal(followed.code, report.code, `${followed.code} ${report.code} ${followed.stderr}`);
  assert.notEqual(report.code, 0, 'the fixture has a closure --fail-on closure counts');
  assert.ok(followed.stdout.endsWith(report.stdout), 'the summary is the one report prints');
  const live = followed.stdout.slice(0, -report.stdout.length).trim().split('\n');
  assert.equal(live.length, CLOSES.length, live.join('\n'));
  assert.match(live[0] ?? '', /^\d\d:\d\d:\d\d closure 1: conn \d+ …\w{6} \d{4}/);
  assert.ok(!followed.stdout.includes('\u001b['), 'no escape codes on a pipe');
});

test('Ctrl-C ends report --follow with the summary of what was read and the interrupted exit code', async () => {
  const cwd = tempDir();
  const firstClose = CLOSES[0] ?? 0;
  writeFileSync(join(cwd, 'run.ndjson'), `${LINES.slice(0, firstClose + 1).join('\n')}\n`);
  const { child, result } = startCli(['report', '--follow', 'run.ndjson', '--format', 'json'], { cwd });
  // With JSON on standard output the live lines go to standard error.
  await outputHas(child, 'closure 1:', 'stderr');
  child.kill('SIGINT');
  const followed = await result;
  assert.equal(followed.code, 130, followed.stderr);
  const report = await runCli(['report', 'run.ndjson', '--format', 'json'], { cwd });
  assert.equal(followed.stdout, report.stdout);
});

test('report --follow takes one log file', async () => {
  const cwd = tempDir();
  const two = await runCli(['report', '--follow', 'a.ndjson', 'b.ndjson'], { cwd });
  assert.equal(two.code, 2);
  assert.match(two.stderr, /--follow watches one log as it grows, and 2 were given/);
  const stdin = await runCli(['report', '--follow', '-'], { cwd });
  assert.equal(stdin.code, 2);
  assert.match(stdin.stderr, /standard input cannot grow/);
});

/** A terminal's environment: its width comes from the terminal, never from a COLUMNS the test runner had. */
function terminalEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv({ TERM: 'xterm' });
  for (const key of ['COLUMNS', 'LINES', 'NO_COLOR', 'FORCE_COLOR']) delete env[key];
  return env;
}

const SCRIPT: BoxKind = { name: 'script', binaries: ['/usr/bin/script'], debianPackage: 'bsdutils' };

test('on a terminal the status line is redrawn in place within its width, and closure lines scroll above it', {
  skip: boxSkipReason(SCRIPT),
}, async () => {
  const cwd = tempDir();
  const log = join(cwd, 'run.ndjson');
  const firstClose = CLOSES[0] ?? 0;
  writeFileSync(log, `${LINES.slice(0, firstClose).join('\n')}\n`);
  // util-linux `script` gives the command a real pseudo-terminal, 60 columns wide.
  const command = `stty cols 60; ${process.execPath} ${BIN} report --follow run.ndjson`;
  const child = spawn(requireExecutable(SCRIPT), ['-qfec', command, '/dev/null'], {
    cwd,
    env: terminalEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    for (const waiter of waiters.splice(0)) waiter();
  });
  const seen = (text: string): Promise<void> =>
    within(
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (screen.includes(text)) resolve();
          else waiters.push(check);
        };
        check();
      }),
      `the terminal to show ${text}`,
    );
  const ended = within(new Promise<number | null>((resolve) => child.once('close', resolve)), 'report --follow to end');
  await seen(`${firstClose} events`);
  appendFileSync(log, `${LINES.slice(firstClose).join('\n')}\n`);
  assert.equal(await ended, 0, screen);
  // The live part, before the summary (which is report's, and as wide as report makes it).
  const live = screen.slice(0, screen.indexOf('Run against'));
  const statuses = live.split('\r\u001b[2K').slice(1);
  assert.ok(statuses.length >= 2, 'the status line was drawn, then drawn again');
  for (const status of statuses) {
    const line = status.split(/\r?\n/)[0] ?? '';
    assert.ok(line.length <= 59, `a status line fits 60 columns: ${JSON.stringify(line)}`);
  }
  const closureAt = screen.indexOf('closure 1: ');
  assert.ok(closureAt > 0, screen);
  // The status line is cleared, and the closure line written where it was.
  assert.ok(screen.slice(0, closureAt - 9).endsWith('\r\u001b[2K'), JSON.stringify(screen.slice(0, closureAt)));
  assert.match(screen, /run\.ndjson: \d+ events, \d+ open, 1 closure/);
});

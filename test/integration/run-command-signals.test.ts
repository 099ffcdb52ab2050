import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { CliIo, OutputStream, StopSignal } from '../../src/cli/cli-io.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { EXIT_CODES } from '../../src/exit-codes.js';
import { within } from '../support/deadline.js';
import { THIS_PROCESS } from '../support/lock-owner.js';
import { tempDir } from '../support/temp-dir.js';

/** What exitNow does in place of ending the test's process: it stops the handler where the process would end. */
class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  await within(
    (async () => {
      while (!check()) await new Promise((resolve) => setImmediate(resolve));
    })(),
    what,
  );
}

test('a second Ctrl-C ends the run at once with 130, the log closed and complete up to then', async (t) => {
  const cwd = tempDir(t, 'signals');
  const log = join(cwd, 'run.ndjson');
  const stderr: string[] = [];
  const stream = (into: string[]): OutputStream => ({ write: (text: string) => into.push(text) });
  let signal: ((name: StopSignal) => void) | null = null;
  const exits: number[] = [];
  const io: CliIo = {
    stdout: stream([]),
    stderr: stream(stderr),
    env: {},
    cwd,
    clock: systemClock,
    stdin: Readable.from([]),
    self: THIS_PROCESS,
    onStopSignal(handler) {
      signal = handler;
      return () => {
        signal = null;
      };
    },
    exitNow(code): never {
      exits.push(code);
      throw new Exited(code);
    },
  };
  const run = runCommand({ sim: true, scenario: 'steady', timeScale: '60', log, status: false, duration: '1h' }, io);
  await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('"event":"open"'), 'the socket to open');
  const send = signal as ((name: StopSignal) => void) | null;
  assert.ok(send, 'the run listens for signals');
  send('SIGINT');
  assert.deepEqual(exits, [], 'the first Ctrl-C stops the run and waits for its summary');
  assert.throws(() => send('SIGINT'), Exited);
  assert.deepEqual(exits, [EXIT_CODES.interrupted]);
  assert.match(stderr.join(''), /stopped at once on a second Ctrl-C; the event log is complete up to now/);
  const written = readFileSync(log, 'utf8');
  assert.ok(written.endsWith('\n'), 'the last line is whole');
  for (const line of written.trim().split('\n')) JSON.parse(line);
  // In a real process the exit ends it here; in the test the run finishes its stop, writing nothing more.
  assert.equal(await run, EXIT_CODES.interrupted);
  assert.equal(readFileSync(log, 'utf8'), written, 'nothing written after the log was closed');
});

import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { reportCommand } from '../../src/cli/commands/report.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { isIdleprobeError } from '../../src/errors.js';

/** What the test asks: `report` on these files with these flags. */
export interface FuzzRequest {
  index: number;
  files: string[];
  flags: { format: string; svg?: string; share?: string };
}

/** How it ended: an exit code, a deliberate error (its message), or a bug (its stack). */
export interface FuzzReply {
  index: number;
  outcome: 'exit' | 'error' | 'bug';
  detail: string;
}

/**
 * Runs `idleprobe report` in a worker thread, one case at a time, so the test can hold each case to a
 * deadline (a hang is ended by terminating the worker) and to a heap limit (the worker's resource limits).
 */
parentPort?.on('message', async (request: FuzzRequest) => {
  const stderr: string[] = [];
  const io = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => stderr.push(text) },
    stdin: Readable.from([]),
    self: { pid: 1, isRunning: () => true },
    env: {},
    cwd: '/',
    clock: systemClock,
    onStopSignal: () => () => {},
  };
  let reply: FuzzReply;
  try {
    const code = await reportCommand(request.files, request.flags, io);
    reply = { index: request.index, outcome: 'exit', detail: String(code) };
  } catch (error) {
    reply = isIdleprobeError(error)
      ? { index: request.index, outcome: 'error', detail: error.message }
      : { index: request.index, outcome: 'bug', detail: (error as Error)?.stack ?? String(error) };
  }
  const printed = stderr.join('');
  if (/\n\s+at /.test(printed))
    reply = { index: request.index, outcome: 'bug', detail: `a stack on stderr: ${printed}` };
  parentPort?.postMessage(reply);
});

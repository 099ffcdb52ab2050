import { systemClock } from '../clock/system-clock.js';
import { isIdleprobeError } from '../errors.js';
import type { CliIo, StopSignal } from './cli-io.js';
import { buildProgram, CommanderError } from './program.js';

/**
 * The only place that touches `process`: it builds the real dependencies, runs the command, turns errors
 * into a message and an exit code, and sets `process.exitCode` rather than calling exit, so buffered
 * output is never cut short.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
    onStopSignal(handler) {
      const listener = (signal: StopSignal): void => handler(signal);
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
  let exitCode = 0;
  try {
    await buildProgram(io, (code) => {
      exitCode = code;
    }).parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = exitCodeFor(error);
    if (!(error instanceof CommanderError)) io.stderr.write(`idleprobe: ${messageOf(error)}\n`);
  }
  process.exitCode = exitCode;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') || isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG')) return 2;
  return 1;
}

function messageOf(error: unknown): string {
  if (isIdleprobeError(error)) return error.message;
  return `unexpected failure: ${(error as Error)?.stack ?? String(error)}`;
}

import { systemClock } from '../clock/system-clock.js';
import type { isIdleprobeError as IsIdleprobeError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo, StopSignal } from './cli-io.js';
import { VERSION } from './version.js';

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The flags commander's `.version()` answers (program.ts): alone, they are answered before it loads. */
const VERSION_FLAGS: readonly string[] = ['--version', '-V'];

/**
 * The only place that touches `process`: it builds the real dependencies, runs the command, turns errors
 * into a message and an exit code, and sets `process.exitCode` rather than calling exit, so buffered
 * output is never cut short.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // A live run's V8 settings, before anything else loads or allocates: some take only before the heap
  // first grows (long-run-memory.ts).
  if (startsALiveRun(argv)) (await import('./long-run-memory.js')).keepLongRunMemoryFlat();
  let outputFailed = false;
  // Output that cannot be written (stdout on a full disk) is a failure with a reason, not a crash; a reader
  // that went away (`| head`) only wanted part of it.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (outputFailed || error.code === 'EPIPE') return;
    outputFailed = true;
    process.stderr.write(`idleprobe: cannot write the output: ${error.message}.\n`);
    // The error may come after the command has returned: the exit code is set here too.
    if (!process.exitCode) process.exitCode = EXIT_CODES.failed;
  });
  // After a hangup the terminal is gone and writing to it fails (EIO, EPIPE): what could not be shown is
  // in the event log, and the run must still finish it rather than die on an unhandled 'error'.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // `--version` alone prints what commander would print for it, without loading commander and the wiring of
  // every command: asking for the version should cost little more than starting Node.
  if (argv.length === 1 && VERSION_FLAGS.includes(argv[0] ?? '')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  // Only now: commander and the wiring of every command.
  const { buildProgram, CommanderError } = await import('./program.js');
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    self: { pid: process.pid, isRunning },
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
    onStopSignal(handler) {
      const listener = (signal: StopSignal): void => handler(signal);
      for (const signal of STOP_SIGNALS) process.on(signal, listener);
      return () => {
        for (const signal of STOP_SIGNALS) process.off(signal, listener);
      };
    },
    exitNow(code) {
      process.exit(code);
    },
    readKeys(onKey) {
      const stdin = process.stdin;
      if (!stdin.isTTY) return null;
      const listener = (chunk: string): void => {
        for (const key of chunk) onKey(key);
      };
      stdin.setRawMode(true);
      stdin.setEncoding('utf8');
      stdin.on('data', listener);
      stdin.resume();
      return () => {
        stdin.off('data', listener);
        stdin.setRawMode(false);
        stdin.pause();
      };
    },
  };
  let exitCode: number = EXIT_CODES.ok;
  try {
    await buildProgram(io, (code) => {
      exitCode = code;
    }).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help, the version, or a mistake commander found (it has printed it): 0 for the first two.
      exitCode = error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    } else {
      // The command that threw has loaded errors.js already; importing it only here keeps it off `--help`.
      const { isIdleprobeError } = await import('../errors.js');
      exitCode = exitCodeFor(error, isIdleprobeError);
      io.stderr.write(`idleprobe: ${messageOf(error, io.env, isIdleprobeError)}\n`);
    }
  }
  process.exitCode = outputFailed && exitCode === EXIT_CODES.ok ? EXIT_CODES.failed : exitCode;
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists but is someone else's. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function exitCodeFor(error: unknown, isIdleprobeError: typeof IsIdleprobeError): number {
  if (isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') || isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG')) {
    return EXIT_CODES.usage;
  }
  return EXIT_CODES.failed;
}

/**
 * A deliberate error's message says what to do. Anything else is a bug in idleprobe: one line that says so
 * (a run has already written the stack to its event log); the stack itself only with IDLEPROBE_DEBUG=1.
 */
function messageOf(error: unknown, env: CliIo['env'], isIdleprobeError: typeof IsIdleprobeError): string {
  if (isIdleprobeError(error)) return error.message;
  const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = env.IDLEPROBE_DEBUG === '1' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `unexpected failure (a bug in idleprobe, please report it): ${described.split('\n')[0]}; set IDLEPROBE_DEBUG=1 for the stack.${stack}`;
}

/** `run`, not its help: only a live run is worth the V8 settings (and the help loads nothing it need not). */
function startsALiveRun(argv: readonly string[]): boolean {
  return argv[0] === 'run' && !argv.includes('--help') && !argv.includes('-h');
}

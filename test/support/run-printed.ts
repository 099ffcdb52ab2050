import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { within } from './deadline.js';

export interface PrintedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Real milliseconds from the spawn to its first output, its exit or another sign it started. */
  startedMs: number;
  /** Whether it was still running once started, and was stopped with Ctrl-C (SIGINT). */
  interrupted: boolean;
}

export interface PrintedRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Until the command shows it has started: its first output, or its exit. */
  startWaitMs?: number;
  /** After the Ctrl-C, until it has ended. */
  endWaitMs?: number;
  /** Another sign that it has started, polled: the event log a run writes before its first output. */
  started?: () => boolean;
  /** Something to wait for (with a deadline) after it started and before the Ctrl-C; true when it came. */
  ready?: () => boolean;
  readyWaitMs?: number;
  /** Let it run to its own end (waiting up to endWaitMs) rather than giving it a Ctrl-C once started. */
  toTheEnd?: boolean;
}

/**
 * Runs one command line exactly as printed, through bash, in its own process group. A command that is
 * still running once it has started (a run, the simulator) gets a Ctrl-C, as a person would give it, and
 * is waited for; every wait has a deadline, after which the group is killed and the error names what hung.
 */
export async function runPrinted(line: string, options: PrintedRunOptions): Promise<PrintedRun> {
  const started = process.hrtime.bigint();
  const child = spawn('bash', ['-c', line], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let startedMs: number | null = null;
  let exited = false;
  const markStart = () => {
    startedMs ??= Number(process.hrtime.bigint() - started) / 1e6;
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    markStart();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    markStart();
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      exited = true;
      markStart();
      resolve({ code, signal });
    });
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const failing = (error: Error): never => {
    killGroup();
    throw new Error(`${line}: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`);
  };
  const hasStarted = (): boolean => {
    if (startedMs === null && options.started?.()) markStart();
    return startedMs !== null;
  };
  if (!options.toTheEnd)
    await waitFor(hasStarted, options.startWaitMs ?? 30_000, 'its first output, its exit or a sign it started').catch(
      failing,
    );
  let interrupted = false;
  if (!exited && !options.toTheEnd) {
    if (options.ready)
      await waitFor(options.ready, options.readyWaitMs ?? 15_000, 'a sign it is ready for Ctrl-C').catch(failing);
    if (!exited) {
      interrupted = true;
      process.kill(-child.pid!, 'SIGINT');
    }
  }
  const { code, signal } = await within(
    ended,
    interrupted ? 'its end after Ctrl-C' : 'its end',
    options.endWaitMs ?? 60_000,
  ).catch(failing);
  return { code, signal, stdout, stderr, startedMs: startedMs ?? 0, interrupted };
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  let stop = false;
  const polling = (async () => {
    while (!stop && !check()) await new Promise((resolve) => setTimeout(resolve, 50));
  })();
  try {
    await within(polling, what, ms);
  } finally {
    stop = true;
  }
}

/**
 * What a run writes to its event log from now on, in `dir`: logs that are new, and what was appended to
 * those already there (a log named with --log may be one an earlier command wrote). Sizes are compared
 * rather than times, which a file system keeps coarser than the clock.
 */
export function logsFromNowOn(dir: string): { has(marker: string): boolean } {
  const before = new Map(ndjsonFiles(dir).map((path) => [path, statSync(path).size] as const));
  return {
    has(marker) {
      return ndjsonFiles(dir).some((path) => {
        const from = before.get(path) ?? 0;
        return statSync(path).size > from && readFileSync(path).subarray(from).toString('utf8').includes(marker);
      });
    },
  };
}

/** A run has started once its log has its `run-start` line. */
export const RUN_STARTED = '"event":"run-start"';
/**
 * A run is ready for its Ctrl-C once a connection has opened: one stopped before that leaves a log that a
 * README's `report --fail-on no-connection` rightly fails on, and the commands are shown to be run to the end.
 */
export const CONNECTION_OPEN = '"event":"open"';

function ndjsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ndjson'))
    .map((name) => join(dir, name));
}

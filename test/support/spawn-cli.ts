import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { within } from './deadline.js';

/** The built binary, exactly what `npx idleprobe` runs. */
/** Longer than any CLI run a test asks for; a CLI still running then is hung. */
const CLI_WAIT_MS = 60_000;

export const BIN = fileURLToPath(new URL('../../../bin/idleprobe.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The caller's own settings a test must not inherit: a trusted base (a test sees where credentials may go
 * exactly as it sets it), and how their terminal wants output laid out and coloured (a test sees what a
 * pipe gets unless it sets these itself).
 */
const CALLER_ONLY = new Set(['IDLEPROBE_TRUST_BASE', 'COLUMNS', 'NO_COLOR', 'FORCE_COLOR']);

/** An environment without the caller's Genesys credentials, so a test never reaches a real org by accident. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GENESYSCLOUD_') && !CALLER_ONLY.has(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** What the CLI reads on its standard input (a pipe); none by default. */
  stdin?: string | Buffer;
}

export function startCli(
  args: string[],
  options: CliOptions = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) {
    // A CLI that stops reading early closes the pipe: that is its business, not a test failure.
    child.stdin!.on('error', () => {});
    child.stdin!.end(options.stdin);
  }
  return { child, result: outputUntilExit(child, `idleprobe ${args.join(' ')} to exit`, CLI_WAIT_MS) };
}

/**
 * What a child with piped stdout and stderr printed, and how it ended. A child that hangs past `ms` is
 * killed, so the test fails with what it printed instead of timing out silently.
 */
export function outputUntilExit(child: ChildProcess, what: string, ms: number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return within(exited, what, ms).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`);
  });
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

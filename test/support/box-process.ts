import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/clock/system-clock.js';

/**
 * What the tests need to run a real middlebox from Debian's packages (Squid, nginx, HAProxy): find its
 * binary, give it a private folder and a free loopback port, start it in the foreground, know when it
 * listens, and stop it and remove its folder afterwards.
 */
export interface BoxKind {
  /** For messages: `nginx`. */
  name: string;
  /** Where the binary may be, first found wins. */
  binaries: readonly string[];
  /** The Debian package .ci/run installs. */
  debianPackage: string;
}

/** Why this kind of box cannot run here, or false when it can. In CI a missing box is a failure, not a skip. */
export function boxSkipReason(kind: BoxKind): string | false {
  if (findExecutable(kind.binaries)) return false;
  if (process.env.CI) return false;
  return `${kind.name} is not installed (apt-get install ${kind.debianPackage}); CI installs it and runs these tests`;
}

export function findExecutable(candidates: readonly string[]): string | null {
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next place
    }
  }
  return null;
}

export function requireExecutable(kind: BoxKind): string {
  const binary = findExecutable(kind.binaries);
  if (!binary)
    throw new Error(
      `${kind.name} is not installed: install the Debian package \`${kind.debianPackage}\` (.ci/run does it in CI)`,
    );
  return binary;
}

/** A private folder for a box's config, logs and pid file; writable by anyone, since a box started as root may drop to its own user. */
export async function boxDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `idleprobe-${name}-`));
  await chmod(dir, 0o777);
  return dir;
}

/** A port the kernel just handed out and released: free unless something grabs it in between (then the box fails loudly). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface BoxProcess {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns a box in the foreground and waits until it accepts connections on `port`. When it does not,
 * it is killed, its folder removed, and the error carries its stderr and the tail of `logFile`.
 */
export async function startBoxProcess(options: {
  kind: BoxKind;
  args: string[];
  port: number;
  /** More ports it listens on, waited for too. */
  morePorts?: readonly number[];
  dir: string;
  logFile?: string;
}): Promise<BoxProcess> {
  const child = spawn(requireExecutable(options.kind), options.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    for (const port of [options.port, ...(options.morePorts ?? [])]) {
      await waitForPort(port, child, 10_000, options.kind.name);
    }
  } catch (error) {
    child.kill('SIGKILL');
    const log = options.logFile ? await readFile(options.logFile, 'utf8').catch(() => '') : '';
    await rm(options.dir, { recursive: true, force: true });
    throw new Error(
      `${options.kind.name} did not start: ${(error as Error).message}\n${stderr}\n${log.split('\n').slice(-15).join('\n')}`,
    );
  }
  return {
    child,
    async stop() {
      await stopProcess(child);
      await rm(options.dir, { recursive: true, force: true });
    },
  };
}

/** Polls until the box accepts connections: none of them prints a readiness signal on a pipe. */
function waitForPort(port: number, child: ChildProcess, timeoutMs: number, name: string): Promise<void> {
  const started = systemClock.monoNow();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited with code ${code} before listening`));
    child.once('exit', onExit);
    const attempt = (): void => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        child.off('exit', onExit);
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (systemClock.monoNow() - started > timeoutMs) {
          child.off('exit', onExit);
          reject(new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`));
        } else {
          systemClock.setTimer(50, attempt);
        }
      });
    };
    attempt();
  });
}

/** SIGTERM, then SIGKILL if it is still there 5 s later; resolves once it has exited. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = systemClock.setTimer(5_000, () => child.kill('SIGKILL'));
    child.once('exit', () => {
      force.cancel();
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resolves with a file's text once it has `count` lines matching `pattern`, or rejects after `timeoutMs`. */
export function pollFile(
  path: string,
  pattern: RegExp,
  count: number,
  timeoutMs: number,
  what: string,
): Promise<string> {
  const started = systemClock.monoNow();
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      void readFile(path, 'utf8')
        .catch(() => '')
        .then((text) => {
          if (text.split('\n').filter((line) => pattern.test(line)).length >= count) resolve(text);
          else if (systemClock.monoNow() - started > timeoutMs)
            reject(
              new Error(`fewer than ${count} lines matching ${pattern} in ${what} within ${timeoutMs} ms:\n${text}`),
            );
          else systemClock.setTimer(50, attempt);
        });
    };
    attempt();
  });
}

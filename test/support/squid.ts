import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { systemClock } from '../../src/clock/system-clock.js';

const run = promisify(execFile);

const SQUID_BINARIES = ['/usr/sbin/squid', '/usr/local/sbin/squid', '/usr/local/squid/sbin/squid'];
const NCSA_HELPERS = [
  '/usr/lib/squid/basic_ncsa_auth',
  '/usr/lib64/squid/basic_ncsa_auth',
  '/usr/libexec/squid/basic_ncsa_auth',
  '/usr/local/squid/libexec/basic_ncsa_auth',
];

export interface SquidOptions {
  /** Require a login (basic auth, checked by basic_ncsa_auth against an htpasswd file made with openssl). */
  auth?: { user: string; password: string };
  /** Squid's read_timeout, in seconds: the idle limit of a CONNECT tunnel. Default 900 (Squid's own). */
  readTimeoutSeconds?: number;
  /** More squid.conf lines, placed before the access rules (other timeouts, for instance). */
  extraConfig?: string[];
  /**
   * Also listen as a reverse proxy (accel mode) in front of this loopback port, as a gateway in front of a
   * service does: Squid then reads each request, and strips `Upgrade` from it as it does by default.
   */
  reverseProxyFor?: number;
}

export interface RunningSquid {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The reverse-proxy port in front of `reverseProxyFor`, or null. */
  readonly reversePort: number | null;
  /** The squid access log so far (one line per finished request or tunnel). */
  accessLog(): Promise<string>;
  /** Resolves with the access log once it has `count` lines matching `pattern`: Squid logs a tunnel when it ends. */
  waitForLogLines(pattern: RegExp, count: number, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Why the Squid tests cannot run here, or false when they can. In CI a missing Squid is a failure, not a skip. */
export function squidSkipReason(): string | false {
  if (findExecutable(SQUID_BINARIES)) return false;
  if (process.env.CI) return false;
  return 'squid is not installed (apt-get install squid); CI installs it and runs these tests';
}

/**
 * Starts a real Squid in the foreground on a free loopback port, with a minimal config in a temp dir: no
 * cache, logs and pid file in the dir, CONNECT allowed from localhost to any port above 1023 (and refused
 * below, so a test can see a refusal). It never resolves names off the machine: the DNS server it is given
 * is 127.0.0.1 and the tests only name IP addresses.
 */
export async function startSquid(options: SquidOptions = {}): Promise<RunningSquid> {
  const squid = findExecutable(SQUID_BINARIES);
  if (!squid) throw new Error('squid is not installed: install the Debian package `squid` (.ci/run does it in CI)');
  const dir = await mkdtemp(join(tmpdir(), 'idleprobe-squid-'));
  // Squid started as root drops to its own user (`proxy` on Debian), which must write its logs here.
  await chmod(dir, 0o777);
  const port = await freeLoopbackPort();
  const reversePort = options.reverseProxyFor === undefined ? null : await freeLoopbackPort();
  const authLines = options.auth ? await authConfig(dir, options.auth) : [];
  const reverseLines =
    reversePort === null
      ? []
      : [
          `http_port 127.0.0.1:${reversePort} accel defaultsite=127.0.0.1:${options.reverseProxyFor} no-vhost`,
          `cache_peer 127.0.0.1 parent ${options.reverseProxyFor} 0 no-query originserver name=origin`,
        ];
  const config = [
    `http_port 127.0.0.1:${port}`,
    ...reverseLines,
    'visible_hostname idleprobe-test-proxy',
    `pid_filename ${join(dir, 'squid.pid')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    `access_log stdio:${join(dir, 'access.log')}`,
    `coredump_dir ${dir}`,
    'cache deny all',
    'cache_mem 8 MB',
    'pinger_enable off',
    'dns_nameservers 127.0.0.1',
    'shutdown_lifetime 0 seconds',
    `read_timeout ${options.readTimeoutSeconds ?? 900} seconds`,
    ...(options.extraConfig ?? []),
    ...authLines,
    'acl from_loopback src 127.0.0.1/32',
    'acl low_ports port 1-1023',
    'http_access deny CONNECT low_ports',
    ...(options.auth ? ['acl logged_in proxy_auth REQUIRED', 'http_access deny !logged_in'] : []),
    'http_access allow from_loopback',
    'http_access deny all',
  ];
  const configFile = join(dir, 'squid.conf');
  await writeFile(configFile, `${config.join('\n')}\n`, { mode: 0o644 });
  const child = spawn(squid, ['-N', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    await waitForPort(port, child, 10_000);
    if (reversePort !== null) await waitForPort(reversePort, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    const log = await readFile(join(dir, 'cache.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `squid did not start: ${(error as Error).message}\n${stderr}\n${log.split('\n').slice(-15).join('\n')}`,
    );
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    reversePort,
    accessLog: () => readFile(join(dir, 'access.log'), 'utf8').catch(() => ''),
    waitForLogLines: (pattern, count, timeoutMs = 5_000) =>
      pollFile(join(dir, 'access.log'), pattern, count, timeoutMs),
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function authConfig(dir: string, auth: { user: string; password: string }): Promise<string[]> {
  const helper = findExecutable(NCSA_HELPERS);
  if (!helper) throw new Error("squid's basic_ncsa_auth helper is missing");
  const { stdout } = await run('openssl', ['passwd', '-apr1', auth.password]);
  const htpasswd = join(dir, 'htpasswd');
  await writeFile(htpasswd, `${auth.user}:${stdout.trim()}\n`, { mode: 0o644 });
  return [
    `auth_param basic program ${helper} ${htpasswd}`,
    'auth_param basic children 1 startup=1 idle=1',
    'auth_param basic realm idleprobe-test',
  ];
}

function findExecutable(candidates: readonly string[]): string | null {
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

/** A port the kernel just handed out and released: free unless something grabs it in between (then startSquid fails loudly). */
async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until Squid accepts connections; Squid prints no readiness signal on a pipe. */
function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = systemClock.monoNow();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`squid exited with code ${code} before listening`));
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

function pollFile(path: string, pattern: RegExp, count: number, timeoutMs: number): Promise<string> {
  const started = systemClock.monoNow();
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      void readFile(path, 'utf8')
        .catch(() => '')
        .then((text) => {
          if (text.split('\n').filter((line) => pattern.test(line)).length >= count) resolve(text);
          else if (systemClock.monoNow() - started > timeoutMs)
            reject(
              new Error(
                `fewer than ${count} lines matching ${pattern} in Squid's access log within ${timeoutMs} ms:\n${text}`,
              ),
            );
          else systemClock.setTimer(50, attempt);
        });
    };
    attempt();
  });
}

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

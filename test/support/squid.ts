import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type BoxKind,
  boxDir,
  boxSkipReason,
  findExecutable,
  freeLoopbackPort,
  pollFile,
  startBoxProcess,
} from './box-process.js';

const run = promisify(execFile);

const SQUID: BoxKind = {
  name: 'squid',
  binaries: ['/usr/sbin/squid', '/usr/local/sbin/squid', '/usr/local/squid/sbin/squid'],
  debianPackage: 'squid',
};
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
   * A reverse proxy (accelerator) for this loopback port instead of a forward proxy: Squid then reads each
   * request itself, as it does inside a bumped (TLS-inspected) tunnel, and forwards it with its own rules,
   * which drop `Upgrade` unless `http_upgrade_request_protocols` allows it (Squid 5's default: nothing).
   */
  reverseProxyTo?: number;
  /** Where Squid listens; default a free loopback port (pick one first when the simulator must advertise it). */
  port?: number;
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
  return boxSkipReason(SQUID);
}

/**
 * Starts a real Squid in the foreground on a free loopback port, with a minimal config in a temp dir: no
 * cache, logs and pid file in the dir, CONNECT allowed from localhost to any port above 1023 (and refused
 * below, so a test can see a refusal). It never resolves names off the machine: the DNS server it is given
 * is 127.0.0.1 and the tests only name IP addresses.
 */
export async function startSquid(options: SquidOptions = {}): Promise<RunningSquid> {
  const dir = await boxDir('squid');
  const port = options.port ?? (await freeLoopbackPort());
  const reversePort = options.reverseProxyFor === undefined ? null : await freeLoopbackPort();
  const authLines = options.auth ? await authConfig(dir, options.auth) : [];
  const listen =
    options.reverseProxyTo === undefined
      ? [`http_port 127.0.0.1:${port}`]
      : [
          `http_port 127.0.0.1:${port} accel defaultsite=127.0.0.1:${options.reverseProxyTo} no-vhost`,
          // login=PASSTHRU: a reverse proxy passes the bearer token on only when told to.
          `cache_peer 127.0.0.1 parent ${options.reverseProxyTo} 0 no-query originserver login=PASSTHRU name=origin`,
        ];
  const reverseLines =
    reversePort === null
      ? []
      : [
          `http_port 127.0.0.1:${reversePort} accel defaultsite=127.0.0.1:${options.reverseProxyFor} no-vhost`,
          `cache_peer 127.0.0.1 parent ${options.reverseProxyFor} 0 no-query originserver name=origin`,
        ];
  const config = [
    ...listen,
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
  const box = await startBoxProcess({
    kind: SQUID,
    args: ['-N', '-f', configFile],
    port,
    morePorts: reversePort === null ? [] : [reversePort],
    dir,
    logFile: join(dir, 'cache.log'),
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    reversePort,
    accessLog: () => readFile(join(dir, 'access.log'), 'utf8').catch(() => ''),
    waitForLogLines: (pattern, count, timeoutMs = 5_000) =>
      pollFile(join(dir, 'access.log'), pattern, count, timeoutMs, "Squid's access log"),
    stop: () => box.stop(),
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

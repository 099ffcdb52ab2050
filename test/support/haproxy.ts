import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BoxKind, boxDir, boxSkipReason, freeLoopbackPort, startBoxProcess } from './box-process.js';

const HAPROXY: BoxKind = {
  name: 'haproxy',
  binaries: ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy'],
  debianPackage: 'haproxy',
};

export interface HaproxyOptions {
  /** The loopback port HAProxy forwards to (the simulator's `sim.port`). */
  upstreamPort: number;
  /** Where HAProxy listens; default a free loopback port. */
  port?: number;
  /**
   * `http`: it parses requests and, after a WebSocket upgrade, treats the connection as a tunnel timed by
   * `timeout tunnel`. `tcp`: it forwards bytes, timed by `timeout client` and `timeout server`.
   */
  mode: 'http' | 'tcp';
  timeouts: { clientMs: number; serverMs: number; tunnelMs?: number };
  /**
   * `option independent-streams`: bytes sent to a side no longer re-arm that side's read timeout, so
   * `timeout client` counts only what the client sends (heartbeats to it do not help).
   */
  independentStreams?: boolean;
}

export interface RunningHaproxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function haproxySkipReason(): string | false {
  return boxSkipReason(HAPROXY);
}

/** Starts a real HAProxy in the foreground (`-db`) before the simulator, with its config in a temp folder. */
export async function startHaproxy(options: HaproxyOptions): Promise<RunningHaproxy> {
  const dir = await boxDir('haproxy');
  const port = options.port ?? (await freeLoopbackPort());
  const { clientMs, serverMs, tunnelMs } = options.timeouts;
  const config = [
    'global',
    '  maxconn 256',
    `  pidfile ${join(dir, 'haproxy.pid')}`,
    'defaults',
    `  mode ${options.mode}`,
    '  timeout connect 5s',
    `  timeout client ${clientMs}ms`,
    `  timeout server ${serverMs}ms`,
    ...(tunnelMs === undefined ? [] : [`  timeout tunnel ${tunnelMs}ms`]),
    ...(options.independentStreams ? ['  option independent-streams'] : []),
    'frontend front',
    `  bind 127.0.0.1:${port}`,
    '  default_backend simulator',
    'backend simulator',
    `  server sim 127.0.0.1:${options.upstreamPort}`,
    '',
  ].join('\n');
  const configFile = join(dir, 'haproxy.cfg');
  await writeFile(configFile, config, { mode: 0o644 });
  const box = await startBoxProcess({ kind: HAPROXY, args: ['-db', '-f', configFile], port, dir });
  return { url: `http://127.0.0.1:${port}`, port, stop: () => box.stop() };
}

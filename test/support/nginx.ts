import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BoxKind, boxDir, boxSkipReason, freeLoopbackPort, startBoxProcess } from './box-process.js';

const NGINX: BoxKind = {
  name: 'nginx',
  binaries: ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'],
  debianPackage: 'nginx-light',
};

export interface NginxOptions {
  /** The loopback port nginx forwards REST and WebSockets to (the simulator's `sim.port`). */
  upstreamPort: number;
  /** Where nginx listens; default a free loopback port (pick one first when the simulator must advertise it). */
  port?: number;
  /**
   * proxy_read_timeout, the idle timer of a proxied WebSocket: nginx re-arms it whenever it moves bytes
   * either way on the upgraded connection. nginx's default is 60 s; nginx keeps time in milliseconds.
   */
  readTimeoutMs?: number;
  /** A TLS front: nginx terminates TLS with this certificate chain (leaf first) and key, PEM. */
  tls?: { certChain: string; key: string };
}

export interface RunningNginx {
  /** `http://127.0.0.1:PORT`, or `https://localhost:PORT` for a TLS front (the test PKI's leaf names localhost). */
  readonly url: string;
  readonly port: number;
  /** nginx's error log (info level: it names each upstream timeout). */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

export function nginxSkipReason(): string | false {
  return boxSkipReason(NGINX);
}

/**
 * Starts a real nginx as a reverse proxy for the simulator, the way a site puts one before a WebSocket
 * service: HTTP/1.1 to the upstream with the `Upgrade` and `Connection` headers passed on, no buffering,
 * and `proxy_read_timeout` as the box's idle timer. Everything it writes stays in its own temp folder.
 */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const dir = await boxDir('nginx');
  const port = options.port ?? (await freeLoopbackPort());
  const readTimeout = `${options.readTimeoutMs ?? 60_000}ms`;
  const tlsLines: string[] = [];
  if (options.tls) {
    await writeFile(join(dir, 'front.pem'), options.tls.certChain, { mode: 0o644 });
    await writeFile(join(dir, 'front.key'), options.tls.key, { mode: 0o600 });
    tlsLines.push(
      `ssl_certificate ${join(dir, 'front.pem')};`,
      `ssl_certificate_key ${join(dir, 'front.key')};`,
      'ssl_protocols TLSv1.2 TLSv1.3;',
    );
  }
  const tempPaths = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `  ${kind}_temp_path ${join(dir, `${kind}-temp`)};`,
  );
  const config = `
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} info;
events { worker_connections 256; }
http {
  access_log ${join(dir, 'access.log')};
${tempPaths.join('\n')}
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port}${options.tls ? ' ssl' : ''};
    ${tlsLines.join('\n    ')}
    location / {
      proxy_pass http://127.0.0.1:${options.upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_buffering off;
      proxy_read_timeout ${readTimeout};
      proxy_send_timeout ${readTimeout};
    }
  }
}
`;
  const configFile = join(dir, 'nginx.conf');
  await writeFile(configFile, config, { mode: 0o644 });
  const box = await startBoxProcess({
    kind: NGINX,
    // -e: the early error log goes to the folder too, never to /var/log/nginx.
    args: ['-p', dir, '-c', configFile, '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
    port,
    dir,
    logFile: join(dir, 'error.log'),
  });
  return {
    url: options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    port,
    errorLog: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    stop: () => box.stop(),
  };
}

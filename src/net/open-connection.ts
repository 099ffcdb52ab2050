import net, { isIP, type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { Clock } from '../clock/clock.js';
import { openTunnel } from './connect-tunnel.js';
import type { ProxyRoute, ProxyRouter } from './proxy-router.js';
import type { ProxyEndpoint } from './proxy-url.js';
import { untrustedCertificate } from './tls-failure.js';

export interface ConnectionTarget {
  secure: boolean;
  /** Without IPv6 brackets. */
  host: string;
  port: number;
}

/** What the path of one opened connection was, kept for the fingerprint of the WebSocket on top of it. */
export interface PathRecord {
  proxy: { display: string; connectStatus: number } | null;
  /** The PAC file that chose the path and what it returned, when --pac is in use. */
  pac: ProxyRoute['pac'];
  /** The TCP socket: to the proxy when there is one, else to the target. */
  tcp: Socket;
}

export interface ConnectorOptions {
  router: ProxyRouter;
  ca: string[] | null;
  clock: Clock;
  timeoutMs: number;
}

/**
 * Opens every connection idleprobe makes, REST and WebSocket alike, so both take the same path: directly,
 * or through the proxy chosen for the target with a CONNECT tunnel, and with the same trusted CAs. It
 * remembers, per socket, which proxy carried it.
 */
export class Connector {
  private readonly records = new WeakMap<object, PathRecord>();
  private readonly live = new Set<Socket>();

  constructor(private readonly options: ConnectorOptions) {}

  recordOf(socket: unknown): PathRecord | undefined {
    return typeof socket === 'object' && socket !== null ? this.records.get(socket) : undefined;
  }

  async open(target: ConnectionTarget): Promise<Socket | TLSSocket> {
    const { clock, timeoutMs, ca } = this.options;
    const authority = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`;
    const route = await this.options.router.route(`${target.secure ? 'https' : 'http'}://${authority}`);
    const proxy = route.endpoint;
    const tcpAndProxy = proxy
      ? openTunnel(proxy, target.host, target.port, { ca, clock, timeoutMs }).then((t) => ({
          tcp: t.socket,
          proxy: { display: proxy.display, connectStatus: t.connectStatus },
        }))
      : connectTcp(target, clock, timeoutMs).then((tcp) => ({ tcp, proxy: null }));
    const { tcp, proxy: via } = await tcpAndProxy;
    this.track(tcp);
    const record: PathRecord = { proxy: via, pac: route.pac, tcp };
    this.records.set(tcp, record);
    if (!target.secure) return tcp;
    const secured = await startTls(tcp, target, ca, clock, timeoutMs, proxy);
    this.records.set(secured, record);
    return secured;
  }

  /** Ends every connection still open: the stack is closing. */
  destroyAll(): void {
    for (const socket of this.live) socket.destroy();
    this.live.clear();
  }

  private track(socket: Socket): void {
    this.live.add(socket);
    socket.once('close', () => this.live.delete(socket));
  }
}

function connectTcp(target: ConnectionTarget, clock: Clock, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const deadline = clock.setTimer(timeoutMs, () => {
      socket.destroy();
      // The code lets the REST layer describe it like any other connect timeout.
      reject(
        Object.assign(new Error(`connecting to ${target.host}:${target.port} took longer than ${timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        }),
      );
    });
    socket.once('connect', () => {
      deadline.cancel();
      socket.removeAllListeners('error');
      resolve(socket);
    });
    // Left as Node reports it (ECONNREFUSED, ENOTFOUND...): callers already explain those codes.
    socket.once('error', (error) => {
      deadline.cancel();
      reject(error);
    });
  });
}

function startTls(
  tcp: Socket,
  target: ConnectionTarget,
  ca: string[] | null,
  clock: Clock,
  timeoutMs: number,
  proxy: ProxyEndpoint | null,
): Promise<TLSSocket> {
  // From here the TLS socket on top owns the connection and reports its failures.
  tcp.on('error', () => {});
  return new Promise((resolve, reject) => {
    const secured = tls.connect({
      socket: tcp,
      host: target.host,
      servername: isIP(target.host) ? '' : target.host,
      // Offered as browsers and undici do, so the fingerprint shows what the far end agrees to.
      ALPNProtocols: ['http/1.1'],
      ...(ca ? { ca } : {}),
    });
    const deadline = clock.setTimer(timeoutMs, () => {
      secured.destroy();
      reject(
        Object.assign(
          new Error(`the TLS handshake with ${target.host}:${target.port} took longer than ${timeoutMs} ms`),
          { code: 'ETIMEDOUT' },
        ),
      );
    });
    secured.once('secureConnect', () => {
      deadline.cancel();
      secured.removeAllListeners('error');
      resolve(secured);
    });
    secured.once('error', (error: NodeJS.ErrnoException) => {
      deadline.cancel();
      tcp.destroy();
      reject(untrustedCertificate(error, target, proxy) ?? error);
    });
  });
}

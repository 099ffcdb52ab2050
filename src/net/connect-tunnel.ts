import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Clock } from '../clock/clock.js';
import { IdleprobeError } from '../errors.js';
import type { ProxyEndpoint } from './proxy-url.js';

export interface TunnelOptions {
  /** Roots for an https:// proxy's own certificate; null for Node's defaults. */
  ca: string[] | null;
  clock: Clock;
  /** The whole exchange: reaching the proxy and its answer to CONNECT. */
  timeoutMs: number;
}

export interface OpenedTunnel {
  /** The TCP connection to the proxy, now a byte pipe to the target. */
  socket: Socket;
  connectStatus: number;
}

/**
 * Asks a forward proxy for a byte tunnel to host:port with HTTP CONNECT, as browsers and ws do for both
 * wss:// and ws://, so the probe crosses the proxy the way the user's clients do (and meets its tunnel
 * timeouts, not its request timeouts). A refusal becomes an error that names the proxy (never its
 * credentials), the status, and what to do about it.
 */
export function openTunnel(
  proxy: ProxyEndpoint,
  host: string,
  port: number,
  options: TunnelOptions,
): Promise<OpenedTunnel> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
  const send = proxy.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: IdleprobeError | OpenedTunnel): void => {
      if (settled) return;
      settled = true;
      deadline.cancel();
      if (outcome instanceof IdleprobeError) {
        request.destroy();
        reject(outcome);
      } else {
        resolve(outcome);
      }
    };
    const request = send({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
      ...(proxy.protocol === 'https:'
        ? { servername: isIP(proxy.host) ? '' : proxy.host, ...(options.ca ? { ca: options.ca } : {}) }
        : {}),
    });
    const deadline = options.clock.setTimer(options.timeoutMs, () =>
      finish(
        new IdleprobeError(
          'IDLEPROBE_ERR_NETWORK',
          `The proxy ${proxy.display} did not answer CONNECT ${authority} within ${Math.round(options.timeoutMs / 1000)} s: check that it is the right address and that it is up.`,
        ),
      ),
    );
    request.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        finish(refused(proxy, authority, status));
        return;
      }
      // Bytes the target sent right behind the proxy's answer belong to whoever reads the tunnel next.
      if (head.length > 0) socket.unshift(head);
      finish({ socket, connectStatus: status });
    });
    request.once('response', (response: IncomingMessage) => {
      response.resume();
      finish(refused(proxy, authority, response.statusCode ?? 0));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        new IdleprobeError(
          'IDLEPROBE_ERR_NETWORK',
          `Could not reach the proxy ${proxy.display}, or it hung up (${error.code ?? error.message}): check --proxy or the HTTPS_PROXY/HTTP_PROXY variables, and that the proxy is up.`,
          { cause: error },
        ),
      );
    });
    request.end();
  });
}

function refused(proxy: ProxyEndpoint, authority: string, status: number): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_NETWORK',
    `The proxy ${proxy.display} refused CONNECT ${authority} with HTTP ${status}: ${adviceFor(status, proxy)}`,
  );
}

function adviceFor(status: number, proxy: ProxyEndpoint): string {
  if (status === 407) {
    return proxy.authorization
      ? 'it did not accept the user name and password in the proxy URL; check them (percent-encode special characters).'
      : 'it wants a login; put it in the proxy URL as http://USER:PASSWORD@host:port.';
  }
  if (status === 403)
    return 'its rules forbid tunnels to this host or port; ask its administrators to allow CONNECT to it, or list the host in NO_PROXY if it is reachable directly.';
  if (status === 502 || status === 503 || status === 504)
    return "it could not reach the target itself (see its error page or log); check the host name and port, and the proxy's own access to the network.";
  return "see the proxy's log for the reason.";
}

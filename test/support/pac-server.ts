import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RunningPacServer {
  /** `http(s)://127.0.0.1:PORT/proxy.pac` */
  readonly url: string;
  /** How many times the PAC file was fetched. */
  fetches(): number;
  stop(): Promise<void>;
}

/**
 * Serves one PAC file on loopback, as a corporate WPAD server would (any other path is a 404); over https
 * with `tls` (a key and certificate chain, such as makeTestPki's).
 */
export async function servePac(text: string, tls?: { key: string; cert: string }): Promise<RunningPacServer> {
  let count = 0;
  const handler = (
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
  ): void => {
    if (request.url !== '/proxy.pac') {
      response.writeHead(404).end();
      return;
    }
    count += 1;
    response.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(text);
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/proxy.pac`,
    fetches: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

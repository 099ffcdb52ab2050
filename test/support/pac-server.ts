import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningPacServer {
  /** `http://127.0.0.1:PORT/proxy.pac` */
  readonly url: string;
  /** How many times the PAC file was fetched. */
  fetches(): number;
  stop(): Promise<void>;
}

/** Serves one PAC file on loopback, as a corporate WPAD server would (any other path is a 404). */
export async function servePac(text: string): Promise<RunningPacServer> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/proxy.pac') {
      response.writeHead(404).end();
      return;
    }
    count += 1;
    response.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/proxy.pac`,
    fetches: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

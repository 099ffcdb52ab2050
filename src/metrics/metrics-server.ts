import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Clock, Timer } from '../clock/clock.js';
import { IdleprobeError } from '../errors.js';

/** Where the endpoint listens: an address of this machine and a port (0: any free one). */
export interface MetricsAddress {
  host: string;
  port: number;
}

export interface MetricsServer {
  /** `http://HOST:PORT/metrics`, with the port actually bound. */
  readonly url: string;
  /**
   * Resolves true once a scrape that began after this call has been answered, or false after `waitMs` of
   * real time (or at `close`): how a finished run lets Prometheus take its final figures.
   */
  nextScrape(waitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export const METRICS_PATH = '/metrics';

/**
 * Serves the registry in Prometheus's text format at GET /metrics and nothing else (404), on the one
 * address it is given. It only answers: it never connects anywhere, so the run it describes sees no
 * traffic of its own making. A port that cannot be bound is an error at start, saying what to do.
 */
export async function startMetricsServer(
  registry: Registry,
  address: MetricsAddress,
  clock: Clock,
): Promise<MetricsServer> {
  const waiting = new Set<(scraped: boolean) => void>();
  const server = createServer((request, response) => {
    void answer(registry, request, response).then((scraped) => {
      if (!scraped) return;
      for (const resolve of [...waiting]) resolve(true);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error as NodeJS.ErrnoException, address)));
    server.listen({ host: address.host, port: address.port }, () => resolve());
  });
  // Past the start, a failure of the endpoint (a scraper's socket, too many open files) must not end the
  // run it describes: the request at fault is dropped, and the next scrape tries again.
  server.on('error', () => {});
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${port}${METRICS_PATH}`,
    nextScrape(waitMs) {
      return new Promise((resolve) => {
        let timer: Timer | null = null;
        const done = (scraped: boolean): void => {
          timer?.cancel();
          waiting.delete(done);
          resolve(scraped);
        };
        waiting.add(done);
        timer = clock.setTimer(waitMs, () => done(false));
      });
    },
    close() {
      for (const resolve of [...waiting]) resolve(false);
      return new Promise((resolve) => {
        server.close(() => resolve());
        // A scraper's idle keep-alive connection would hold the close open until it timed out.
        server.closeAllConnections();
      });
    },
  };
}

/** Answers one request; true when it was a scrape that got the metrics. */
async function answer(registry: Registry, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const path = (request.url ?? '').split('?')[0];
  if (request.method !== 'GET' || path !== METRICS_PATH) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`Not found: idleprobe serves only GET ${METRICS_PATH}\n`);
    return false;
  }
  try {
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType });
    response.end(body);
    return true;
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`idleprobe could not collect its metrics: ${(error as Error).message}\n`);
    return false;
  }
}

function listenError(error: NodeJS.ErrnoException, { host, port }: MetricsAddress): IdleprobeError {
  const where = `${host}:${port}`;
  const why: Record<string, string> = {
    EADDRINUSE: `--metrics: ${where} is already in use; give another port, or 0 for any free one.`,
    EADDRNOTAVAIL: `--metrics: ${host} is not an address of this machine; give one it has, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
    EACCES: `--metrics: binding ${where} needs privileges this process lacks; give a port above 1023.`,
    ENOTFOUND: `--metrics: the host ${host} is not known; give an IP address such as 127.0.0.1 or 0.0.0.0.`,
  };
  return new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    why[error.code ?? ''] ?? `--metrics: cannot listen on ${where}: ${error.message}`,
    { cause: error },
  );
}

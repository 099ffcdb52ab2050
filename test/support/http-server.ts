import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { within } from './deadline.js';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path with query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

/** `'hang'` keeps the request open and never answers (until the server closes). */
export type Script = (request: RecordedRequest) => ScriptedReply | 'hang';

export interface ScriptedServer {
  /** `http://127.0.0.1:PORT` */
  readonly base: string;
  readonly requests: RecordedRequest[];
  /**
   * Resolves with the first request to arrive after this call, or the first to that path: an earlier
   * test's request can reach the server late on a loaded machine, and must not be taken for this one.
   */
  nextRequest(path?: string): Promise<RecordedRequest>;
  /** Replaces the script for the requests that follow. */
  setScript(script: Script): void;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1, port 0, that answers from a script and records every request, so a test
 * can check exactly what a client sent and make the server misbehave on purpose.
 */
export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  let current = script;
  const requests: RecordedRequest[] = [];
  let waiters: Array<{ path: string | undefined; resolve: (request: RecordedRequest) => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const served = waiters.filter((waiter) => waiter.path === undefined || waiter.path === recorded.path);
      waiters = waiters.filter((waiter) => !served.includes(waiter));
      for (const waiter of served) waiter.resolve(recorded);
      const reply = current(recorded);
      if (reply === 'hang') return;
      const body =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const type = typeof reply.body === 'string' || reply.body === undefined ? 'text/plain' : 'application/json';
      res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    nextRequest: (path) =>
      within(
        new Promise((resolve) => waiters.push({ path, resolve })),
        path === undefined ? 'the next request to the test server' : `the next request for ${path} to the test server`,
      ),
    setScript(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port where nothing listens: bound once, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

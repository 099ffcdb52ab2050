import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type CaFile, writeCaFile } from './ca-file.js';
import { certificateHosts } from './cert-hosts.js';
import { makeSimPki, type SimPki } from './private-pki.js';

export interface SimTlsSetup {
  pki: SimPki;
  caFile: CaFile;
}

/** Makes the private CA and server certificate for a simulator on `listenHost`, and writes the CA file. */
export async function setUpSimTls(listenHost: string, publicHost: string | null, now: Date): Promise<SimTlsSetup> {
  const pki = makeSimPki(certificateHosts(listenHost, publicHost), now);
  return { pki, caFile: await writeCaFile(pki.caPem) };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The simulator's one listening server: plain HTTP, or HTTPS with the generated certificate. Both emit
 * `upgrade` for the channel WebSockets; HTTPS offers ALPN http/1.1 as the service's fronts do.
 */
export function createSimServer(tls: SimTlsSetup | null, handler: Handler): HttpServer | HttpsServer {
  if (!tls) return createHttpServer(handler);
  return createHttpsServer(
    { key: tls.pki.keyPem, cert: tls.pki.certPem, ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.2' },
    handler,
  );
}

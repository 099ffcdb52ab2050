import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  dir: string;
  /** The root CA alone, PEM: what a user passes with --ca. */
  caFile: string;
  /** Subject names, for assertions on the recorded chain. */
  names: { root: string; intermediate: string; leaf: string };
  key: string;
  /** Leaf then intermediate, as a load balancer sends them. */
  certChain: string;
}

export interface TlsFront {
  /** `https://localhost:PORT`: the leaf names localhost and 127.0.0.1. */
  readonly origin: string;
  readonly port: number;
  readonly pki: TestPki;
  close(): Promise<void>;
}

/**
 * Makes a private PKI with the openssl CLI in a temp dir: a root CA, an intermediate and a leaf for
 * localhost/127.0.0.1. Elliptic-curve keys keep it fast. It stands for the CA of a TLS-intercepting
 * proxy or of a private load balancer: nothing Node trusts by default.
 */
export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'idleprobe-pki-'));
  const at = (name: string): string => join(dir, name);
  const names = { root: 'idleprobe test root CA', intermediate: 'idleprobe test intermediate CA', leaf: 'localhost' };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await writeFile(
    at('ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  await writeFile(
    at('leaf.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nauthorityKeyIdentifier=keyid\n',
  );
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('root.key'),
    '-out',
    at('root.pem'),
    '-days',
    '2',
    '-subj',
    `/O=idleprobe tests/CN=${names.root}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', [
    'req',
    ...ec,
    '-keyout',
    at('int.key'),
    '-out',
    at('int.csr'),
    '-subj',
    `/O=idleprobe tests/CN=${names.intermediate}`,
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    at('int.csr'),
    '-CA',
    at('root.pem'),
    '-CAkey',
    at('root.key'),
    '-set_serial',
    '2',
    '-days',
    '2',
    '-extfile',
    at('ca.ext'),
    '-out',
    at('int.pem'),
  ]);
  await run('openssl', [
    'req',
    ...ec,
    '-keyout',
    at('leaf.key'),
    '-out',
    at('leaf.csr'),
    '-subj',
    `/O=idleprobe tests/CN=${names.leaf}`,
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    at('leaf.csr'),
    '-CA',
    at('int.pem'),
    '-CAkey',
    at('int.key'),
    '-set_serial',
    '3',
    '-days',
    '2',
    '-extfile',
    at('leaf.ext'),
    '-out',
    at('leaf.pem'),
  ]);
  const [key, leaf, intermediate] = await Promise.all([
    readFile(at('leaf.key'), 'utf8'),
    readFile(at('leaf.pem'), 'utf8'),
    readFile(at('int.pem'), 'utf8'),
  ]);
  return { dir, caFile: at('root.pem'), names, key, certChain: leaf + intermediate };
}

/**
 * A TLS-terminating front on 127.0.0.1 that pipes every connection to a plain TCP port (the simulator):
 * it plays a load balancer or an intercepting proxy, the thing whose certificate a probe must record.
 * It offers ALPN http/1.1 and TLS 1.2 or later, as such fronts do.
 */
export async function startTlsFront(targetPort: number, pki?: TestPki): Promise<TlsFront> {
  const ownPki = pki ?? (await makeTestPki());
  const sockets = new Set<Socket>();
  const server = tls.createServer(
    { key: ownPki.key, cert: ownPki.certChain, ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.2' },
    (client) => {
      const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.once('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    },
  );
  // A client that rejects the certificate makes the server report it; that is the expected outcome there.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://localhost:${port}`,
    port,
    pki: ownPki,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!pki) await rm(ownPki.dir, { recursive: true, force: true });
    },
  };
}

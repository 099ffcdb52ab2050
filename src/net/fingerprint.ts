import { lookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { PathDescriber } from '../channel/session.js';
import type { Clock } from '../clock/clock.js';
import type { PathFingerprint } from '../events/types.js';
import { describeChain, endsAtPublicCa, peerChain } from './certificate-chain.js';
import type { Connector } from './open-connection.js';
import type { ProxyRouter } from './proxy-router.js';

/** Never recorded, whatever the far end sends: the upgrade carries no token, but a proxy may add these. */
const WITHHELD_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'proxy-authenticate',
  'www-authenticate',
]);

export interface PathDescriberDeps {
  connector: Connector;
  router: ProxyRouter;
  clock: Clock;
  /** Resolves a host name to all its addresses; default dns.lookup. */
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * Describes the path of a WebSocket from its 101 response: the proxy and its CONNECT answer, the TCP
 * endpoints, TLS and the certificate chain, the response headers and the server's clock. Every piece is
 * optional: a missing one is null, and describing never throws, because a fingerprint is evidence to add,
 * never a reason to lose a connection.
 */
export function createPathDescriber(deps: PathDescriberDeps): PathDescriber {
  const resolve = deps.resolve ?? resolveAll;
  return async (upgrade: IncomingMessage, url: string): Promise<PathFingerprint> => {
    const socket = upgrade.socket as Socket | undefined;
    const record = deps.connector.recordOf(socket);
    const proxy = record
      ? record.proxy
        ? { url: record.proxy.display, connectStatus: record.proxy.connectStatus }
        : null
      : configuredProxy(url, deps.router);
    const tcp = record?.tcp ?? socket;
    const pac = record ? record.pac : (knownRoute(url, deps.router)?.pac ?? null);
    return {
      // Through a proxy the proxy resolves the name; what this machine would resolve says nothing about the path.
      resolved: proxy
        ? null
        : await Promise.resolve()
            .then(() => resolve(hostOf(url)))
            .catch(() => null),
      localAddress: tcp?.localAddress ?? null,
      localPort: tcp?.localPort ?? null,
      remoteAddress: tcp?.remoteAddress ?? null,
      remotePort: tcp?.remotePort ?? null,
      proxy,
      tls: isTls(socket) ? describeTls(socket) : null,
      upgradeHeaders: safeHeaders(upgrade.headers ?? {}),
      clockSkewMs: clockSkew(upgrade.headers?.date, deps.clock),
      // Only with --pac, so logs of runs without one keep their shape.
      ...(pac ? { pac } : {}),
    };
  };
}

function describeTls(socket: TLSSocket): NonNullable<PathFingerprint['tls']> {
  let chain: ReturnType<typeof peerChain> = [];
  try {
    chain = peerChain(socket);
  } catch {
    chain = [];
  }
  return {
    version: socket.getProtocol?.() ?? null,
    cipher: socket.getCipher?.()?.name ?? null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    chain: describeChain(chain),
    publicCa: endsAtPublicCa(chain),
  };
}

function safeHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || WITHHELD_HEADERS.has(lower)) continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** Positive when the server's clock is ahead. `Date` has one-second resolution, so is this. */
function clockSkew(date: string | undefined, clock: Clock): number | null {
  if (!date) return null;
  const serverMs = Date.parse(date);
  return Number.isNaN(serverMs) ? null : serverMs - clock.wallNow();
}

function configuredProxy(url: string, router: ProxyRouter): PathFingerprint['proxy'] {
  const endpoint = knownRoute(url, router)?.endpoint;
  return endpoint ? { url: endpoint.display, connectStatus: null } : null;
}

function knownRoute(url: string, router: ProxyRouter): ReturnType<ProxyRouter['known']> {
  try {
    return router.known(url);
  } catch {
    return null;
  }
}

function isTls(socket: Socket | undefined): socket is TLSSocket {
  return typeof (socket as Partial<TLSSocket> | undefined)?.getPeerCertificate === 'function';
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

async function resolveAll(host: string): Promise<string[]> {
  const addresses = await lookup(host, { all: true });
  return addresses.map((entry) => entry.address);
}

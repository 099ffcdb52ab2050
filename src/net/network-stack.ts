import { Agent, type Dispatcher } from 'undici';
import WebSocket from 'ws';
import type { PathDescriber, WebSocketFactory } from '../channel/session.js';
import type { Clock } from '../clock/clock.js';
import { loadCaBundle } from './ca-bundle.js';
import { ConnectionAgent } from './connection-agent.js';
import { createPathDescriber } from './fingerprint.js';
import { Connector } from './open-connection.js';
import type { PacEvaluator, PacSandboxLoader } from './pac-evaluator.js';
import { loadPacSource } from './pac-source.js';
import { type ProxySettings, validateProxySettings } from './proxy-config.js';
import { type PacChoice, type ProxyRoute, type ProxyRouter, pacRouter, settingsRouter } from './proxy-router.js';

export interface NetworkStackOptions {
  proxy: ProxySettings;
  /** --pac: a PAC file's URL or path, which then chooses the proxy instead of `proxy`; null without. */
  pac?: string | null;
  /** --ca: a PEM bundle trusted in addition to Node's default roots. */
  caFile: string | null;
  clock: Clock;
  /** Where the PAC sandbox comes from when not from node_modules (the single executable's embedded copy). */
  pacSandbox?: PacSandboxLoader | null;
}

export interface NetworkStack {
  /** For every REST and OAuth call. */
  dispatcher: Dispatcher;
  /** For every WebSocket. */
  connect: WebSocketFactory;
  describePath: PathDescriber;
  /**
   * The proxy a connection to `url` goes through (credentials removed), or null when it goes direct or,
   * with a PAC, when no connection to that host has been decided yet.
   */
  proxyFor(url: string): string | null;
  /** Decides the path to `url` now (with a PAC, runs it): a PAC that fails for it fails here. */
  routeFor(url: string): Promise<ProxyRoute>;
  /** With --pac: the PAC's source and every answer it gave so far; null without. */
  pac(): { source: string; choices: PacChoice[] } | null;
  close(): Promise<void>;
}

/** Reaching the proxy, its CONNECT answer and the TLS handshake, each; the WebSocket's own upgrade deadline is the same. */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The network path as the user's machine has it: one Connector decides, per target, between a direct
 * connection and a CONNECT tunnel through the chosen proxy, and trusts the same CAs; undici (REST) and ws
 * (WebSocket) both take their sockets from it, so both cross the network the same way and every
 * WebSocket can be fingerprinted. Malformed proxy settings and an unreadable --ca fail here, before any
 * connection.
 */
export async function createNetworkStack(options: NetworkStackOptions): Promise<NetworkStack> {
  validateProxySettings(options.proxy);
  const ca = await loadCaBundle(options.caFile);
  const pac = options.pac ? await loadPac(options.pac, ca, options) : null;
  const router: ProxyRouter = pac ? pacRouter(pac) : settingsRouter(options.proxy);
  const connector = new Connector({ router, ca, clock: options.clock, timeoutMs: CONNECT_TIMEOUT_MS });
  const dispatcher = new Agent({
    connect: (connectOptions, callback) => {
      const secure = connectOptions.protocol === 'https:';
      const port = Number(connectOptions.port) || (secure ? 443 : 80);
      connector.open({ secure, host: connectOptions.hostname.replace(/^\[(.*)\]$/, '$1'), port }).then(
        (socket) => callback(null, socket),
        (error: Error) => callback(error, null),
      );
    },
  });
  const agents = { secure: new ConnectionAgent(connector, true), plain: new ConnectionAgent(connector, false) };
  const connect: WebSocketFactory = (url) =>
    new WebSocket(url, {
      // No compression offer: the official clients make none, and a probe must look like them on the wire.
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      agent: /^wss:/i.test(url) ? agents.secure : agents.plain,
    });
  return {
    dispatcher,
    connect,
    describePath: createPathDescriber({ connector, router, clock: options.clock }),
    proxyFor: (url) => proxyDisplayFor(url, router),
    routeFor: (url) => router.route(url),
    pac: () => (pac ? { source: pac.source, choices: router.pacChoices() } : null),
    async close() {
      agents.secure.destroy();
      agents.plain.destroy();
      connector.destroyAll();
      await dispatcher.close();
    },
  };
}

/** The PAC sandbox (WebAssembly) is loaded only by a run that asks for a PAC: every other run starts without it. */
async function loadPac(location: string, ca: string[] | null, options: NetworkStackOptions): Promise<PacEvaluator> {
  const source = await loadPacSource(location, ca);
  const { compilePac } = await import('./pac-evaluator.js');
  return compilePac(source, options.clock, options.pacSandbox ?? undefined);
}

/** The known proxy's display form; a URL no connection could be made to has no proxy either. */
function proxyDisplayFor(url: string, router: ProxyRouter): string | null {
  try {
    return router.known(url)?.endpoint?.display ?? null;
  } catch {
    return null;
  }
}

import { readPacAnswer } from './pac-answer.js';
import type { PacEvaluator } from './pac-evaluator.js';
import { type ProxySettings, proxyEndpointFor } from './proxy-config.js';
import type { ProxyEndpoint } from './proxy-url.js';

/** The proxy for one target, and when a PAC file chose it, which file and what it returned. */
export interface ProxyRoute {
  endpoint: ProxyEndpoint | null;
  pac: { source: string; returned: string } | null;
}

/** One PAC evaluation: the URL the PAC was given and its answer. */
export interface PacChoice {
  url: string;
  returned: string;
}

/**
 * Chooses the proxy per connection target. The choice is asynchronous because a PAC file runs
 * (and may resolve names) to make it; `known` answers at once with what has been decided already, for the
 * messages and fingerprints that name the proxy after a connection was made.
 */
export interface ProxyRouter {
  route(target: string): Promise<ProxyRoute>;
  known(target: string): ProxyRoute | null;
  /** Every PAC answer so far, in the order asked; empty without a PAC. */
  pacChoices(): PacChoice[];
}

/** --proxy and the proxy environment variables (see proxyEndpointFor). */
export function settingsRouter(settings: ProxySettings): ProxyRouter {
  const routeOf = (target: string): ProxyRoute => ({ endpoint: proxyEndpointFor(target, settings), pac: null });
  return {
    route: async (target) => routeOf(target),
    known: (target) => routeOf(target),
    pacChoices: () => [],
  };
}

/**
 * --pac: the PAC file decides for every target, and nothing else does: the proxy variables and NO_PROXY
 * are ignored, as Windows ignores them for an app that follows a PAC (the PAC holds its own exceptions).
 * The PAC is asked once per scheme, host and port, with the URL reduced to `scheme://host[:port]/`: that
 * is all Chrome gives it for https://, and a channel's path is a secret. A WebSocket is asked about as
 * its http(s):// twin, as browsers do.
 */
export function pacRouter(pac: PacEvaluator): ProxyRouter {
  const routes = new Map<string, Promise<ProxyRoute>>();
  const settled = new Map<string, ProxyRoute>();
  const order: PacChoice[] = [];
  return {
    route(target) {
      const url = pacUrlOf(target);
      let route = routes.get(url);
      if (!route) {
        route = pac.find(url).then((returned) => {
          const answer = readPacAnswer(returned, pac.source);
          const decided: ProxyRoute = { endpoint: answer.endpoint, pac: { source: pac.source, returned } };
          settled.set(url, decided);
          order.push({ url, returned });
          return decided;
        });
        routes.set(url, route);
      }
      return route;
    },
    known: (target) => settled.get(pacUrlOf(target)) ?? null,
    pacChoices: () => [...order],
  };
}

const HTTP_TWIN: Record<string, string> = { 'ws:': 'http:', 'wss:': 'https:', 'http:': 'http:', 'https:': 'https:' };

export function pacUrlOf(target: string): string {
  const url = new URL(target);
  const scheme = HTTP_TWIN[url.protocol] ?? url.protocol;
  // Through URL again so a default port (443 for wss -> https) drops out.
  return new URL(`${scheme}//${url.host}/`).href;
}

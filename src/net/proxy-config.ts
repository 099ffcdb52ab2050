import { IdleprobeError } from '../errors.js';
import { matchesNoProxy } from './no-proxy.js';
import { type ProxyEndpoint, parseProxyUrl } from './proxy-url.js';

export interface ProxySettings {
  /** --proxy, or null. */
  explicit: string | null;
  /** The environment the proxy variables are read from. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface ProxyChoice {
  /** With credentials: never show it. */
  url: string;
  /** Credentials removed: the form for logs, events and messages. */
  display: string;
}

const SECURE_SCHEMES = new Set(['https:', 'wss:']);
const PLAIN_SCHEMES = new Set(['http:', 'ws:']);

/**
 * Which proxy, if any, a connection to `target` goes through: --proxy wins over the environment; otherwise
 * https:// and wss:// take HTTPS_PROXY, http:// and ws:// take HTTP_PROXY (lower-case names first, as
 * curl reads them). NO_PROXY excludes hosts whatever the source of the proxy. Loopback gets no special
 * treatment: a proxy on the same machine must be testable, and a user who wants it bypassed says so.
 */
export function chooseProxy(target: string, settings: ProxySettings): ProxyChoice | null {
  const endpoint = proxyEndpointFor(target, settings);
  return endpoint ? { url: endpoint.url, display: endpoint.display } : null;
}

/** chooseProxy with everything the connection code needs to reach the proxy. */
export function proxyEndpointFor(target: string, settings: ProxySettings): ProxyEndpoint | null {
  const url = parseTarget(target);
  const secure = SECURE_SCHEMES.has(url.protocol);
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  if (matchesNoProxy(url.hostname, port, envValue(settings.env, 'no_proxy'))) return null;
  const source = sourceFor(secure, settings);
  return source ? parseProxyUrl(source.value, source.name) : null;
}

/** Fails early, with the usage error, when --proxy or a proxy variable is malformed. */
export function validateProxySettings(settings: ProxySettings): void {
  for (const secure of [true, false]) {
    const source = sourceFor(secure, settings);
    if (source) parseProxyUrl(source.value, source.name);
  }
}

function sourceFor(secure: boolean, settings: ProxySettings): { name: string; value: string } | null {
  if (settings.explicit !== null && settings.explicit.trim() !== '')
    return { name: '--proxy', value: settings.explicit };
  const base = secure ? 'https_proxy' : 'http_proxy';
  for (const name of [base, base.toUpperCase()]) {
    const value = settings.env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return null;
}

function envValue(env: ProxySettings['env'], lowerName: string): string | undefined {
  const lower = env[lowerName];
  return lower !== undefined && lower.trim() !== '' ? lower : env[lowerName.toUpperCase()];
}

function parseTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    // Neither the target nor the parser's error is quoted: a channel URL carries the channel id, a secret.
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      'A connection target is not a URL, so no proxy can be chosen for it: give an https://, http://, wss:// or ws:// URL.',
    );
  }
  if (!SECURE_SCHEMES.has(url.protocol) && !PLAIN_SCHEMES.has(url.protocol)) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      `idleprobe connects only to https://, http://, wss:// and ws:// URLs, not ${url.protocol}//.`,
    );
  }
  return url;
}

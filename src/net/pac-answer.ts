import { IdleprobeError } from '../errors.js';
import { type ProxyEndpoint, parseProxyUrl } from './proxy-url.js';

/** What a PAC file's FindProxyForURL returned for one target, and what idleprobe makes of it. */
export interface PacAnswer {
  /** The PAC's return value as given, e.g. `PROXY proxy.corp:8080; DIRECT`. */
  returned: string;
  /** The entry used: the first one; null for DIRECT. */
  endpoint: ProxyEndpoint | null;
}

/**
 * Reads a PAC answer. Only the first entry is used: a browser would fail over to the next when the first
 * proxy cannot be reached, but a probe that did so would hide the broken first hop it exists to show; the
 * whole answer is logged so the fallbacks can still be seen. `PROXY h:p` is an http:// proxy, `HTTPS h:p`
 * an https:// one (as Chrome reads it), DIRECT (or an empty answer, as browsers treat it) no proxy.
 * SOCKS entries are refused: idleprobe tunnels only with HTTP CONNECT.
 */
export function readPacAnswer(returned: string, source: string): PacAnswer {
  const first = returned.split(';')[0]?.trim() ?? '';
  if (first === '' || /^DIRECT$/i.test(first)) return { returned, endpoint: null };
  const match = /^(PROXY|HTTPS|HTTP|SOCKS|SOCKS4|SOCKS5)\s+(\S+)$/i.exec(first);
  if (!match) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      `The PAC file ${source} returned "${returned}", which is not a proxy list: each entry must be DIRECT, PROXY host:port or HTTPS host:port.`,
    );
  }
  const kind = (match[1] ?? '').toUpperCase();
  const hostPort = match[2] ?? '';
  if (kind.startsWith('SOCKS')) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      `The PAC file ${source} sends this connection through a SOCKS proxy (${first}), which idleprobe does not support: ` +
        'it tunnels only through HTTP proxies with CONNECT. Ask for the HTTP proxy the agent PCs use, and pass it with --proxy.',
    );
  }
  const scheme = kind === 'HTTPS' ? 'https' : 'http';
  return { returned, endpoint: parseProxyUrl(`${scheme}://${hostPort}`, `the PAC file ${source}`) };
}

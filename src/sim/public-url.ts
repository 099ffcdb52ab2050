/**
 * The base a simulator behind a reverse proxy, TLS front or load balancer advertises instead of its own
 * address: REST and OAuth clients are told `http(s)://...`, channels get `ws(s)://.../channels/{id}`.
 * A path is kept as a prefix (`https://front/genesys`): the front must strip it before forwarding.
 */
export interface PublicBase {
  /** `https://front:8443` or `https://front/prefix`, no trailing slash. */
  http: string;
  /** The same with `wss:` or `ws:`. */
  ws: string;
  /** The host name or address clients connect to, without brackets. */
  hostname: string;
}

const HTTP_OF: Record<string, string> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };

/** The base, or why the text cannot be one (for the caller to put in its own error). */
export function parsePublicUrl(text: string): { ok: true; base: PublicBase } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'is not a URL: write it like https://front.example:8443' };
  }
  const scheme = HTTP_OF[url.protocol];
  if (!scheme)
    return { ok: false, problem: `must start with http://, https://, ws:// or wss://, not ${url.protocol}//` };
  if (url.username || url.password) return { ok: false, problem: 'must not carry a user or password' };
  if (url.search || url.hash) return { ok: false, problem: 'must not have a query or a fragment' };
  const path = url.pathname.replace(/\/+$/, '');
  const rest = `//${url.host}${path}`;
  return {
    ok: true,
    base: {
      http: `${scheme}${rest}`,
      ws: `${scheme === 'https:' ? 'wss:' : 'ws:'}${rest}`,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
    },
  };
}

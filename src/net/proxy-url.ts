import { IdleprobeError } from '../errors.js';

/** A forward proxy as idleprobe talks to it. `display` is the only form that may appear in output. */
export interface ProxyEndpoint {
  /** As configured, credentials included: never show it. */
  url: string;
  /** `http://host:port`, credentials removed. */
  display: string;
  protocol: 'http:' | 'https:';
  /** Without IPv6 brackets, ready for net.connect. */
  host: string;
  port: number;
  /** `Basic ...` for the Proxy-Authorization header when the URL carries credentials, else null. */
  authorization: string | null;
}

const HOW_TO_WRITE =
  'write it as http://host:port, or http://USER:PASSWORD@host:port when the proxy asks for a login (percent-encode special characters in the password)';

/**
 * Parses a proxy URL from --proxy or an environment variable. A value without a scheme (`proxy:3128`, as
 * many HTTPS_PROXY settings are written) means http://, as curl reads it. Only http:// and https://
 * proxies speak CONNECT, which is what the probe needs for both REST and the WebSocket.
 */
export function parseProxyUrl(raw: string, source: string): ProxyEndpoint {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    // No cause: the URL parser's error quotes its input, password included.
    throw badProxy(source, `"${redactProxyText(text)}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw badProxy(
      source,
      `${parsed.protocol}// proxies are not supported (only http:// and https:// proxies, which tunnel with CONNECT)`,
    );
  }
  if (!parsed.hostname) throw badProxy(source, `"${redactProxyText(text)}" names no host`);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
    throw badProxy(source, `"${displayOf(parsed)}" has a path or query, which a proxy address does not have`);
  }
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return {
    url: parsed.href,
    display: displayOf(parsed),
    protocol: parsed.protocol,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    authorization: basicAuthorization(parsed),
  };
}

/**
 * Every form in which a proxy setting's credentials could be printed: the raw text before the last `@`,
 * the user and password as parsed and decoded, and the Basic header value. Empty for a setting without
 * credentials or one that does not parse.
 */
export function proxyCredentialForms(raw: string): string[] {
  const text = raw.trim();
  const forms: string[] = [];
  const userinfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(.*)@[^@]*$/i.exec(text)?.[1];
  if (userinfo) {
    forms.push(userinfo);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) forms.push(userinfo.slice(colon + 1), safeDecode(userinfo.slice(colon + 1)));
  }
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    for (const part of [parsed.username, parsed.password]) if (part) forms.push(part, safeDecode(part));
    const basic = basicAuthorization(parsed);
    if (basic) forms.push(basic, basic.slice('Basic '.length));
  } catch {
    // Unparseable settings fail later with their own (redacted) error; the raw forms above still count.
  }
  return forms;
}

/** Hides whatever sits before an `@` (user and password) in a proxy setting that is quoted back to a person. */
export function redactProxyText(text: string): string {
  // Up to the LAST `@`: a password may itself hold an unencoded `@` or `/`.
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

function displayOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function basicAuthorization(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function badProxy(source: string, problem: string): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `The proxy in ${source} is unusable: ${problem}. ${capitalise(HOW_TO_WRITE)}.`,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

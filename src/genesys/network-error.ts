import { spokenDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';

/** The socket-level reasons a request never got a reply, in words a person can act on. */
const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing listens there: check the host and port, or start the simulator)',
  ENOTFOUND: 'the host name does not resolve (check the region or base URL, and DNS)',
  EAI_AGAIN: 'DNS did not answer in time (check the network or DNS server)',
  ECONNRESET: 'the connection was reset (a proxy, firewall or the service cut it)',
  ETIMEDOUT: 'the connection attempt timed out (a firewall may drop the traffic)',
  EHOSTUNREACH: 'the host is unreachable (check the network route or VPN)',
  ENETUNREACH: 'the network is unreachable (check the network connection)',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out (a firewall may drop the traffic)',
  UND_ERR_HEADERS_TIMEOUT: 'the server accepted the request but never answered',
  UND_ERR_BODY_TIMEOUT: 'the reply stopped arriving halfway',
  UND_ERR_SOCKET: 'the connection closed before a full reply arrived (a proxy or the service cut it)',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the server certificate is not trusted (a TLS-intercepting proxy? set NODE_EXTRA_CA_CERTS to its CA)',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the server certificate chain is self-signed (a TLS-intercepting proxy? set NODE_EXTRA_CA_CERTS to its CA)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host',
};

/** Turns whatever undici or the socket threw into IDLEPROBE_ERR_NETWORK naming the host and the cause. */
export function networkError(
  method: string,
  path: string,
  host: string,
  error: unknown,
  timedOutAfterMs: number | null,
): IdleprobeError {
  const cause =
    timedOutAfterMs !== null
      ? `no complete reply within ${spokenDuration(timedOutAfterMs)} (the service or a proxy accepted the connection but is not answering: check the network and proxy, or give it longer with --http-timeout)`
      : describeCode(errorCode(error));
  // A deadline of our own aborts the request: the code says so to whoever counts failures by their code.
  const underlying =
    timedOutAfterMs === null
      ? error
      : Object.assign(new Error('no reply in time', { cause: error }), { code: 'ETIMEDOUT' });
  return new IdleprobeError('IDLEPROBE_ERR_NETWORK', `${method} ${path} to ${host} failed: ${cause}.`, {
    cause: underlying,
  });
}

function describeCode(code: string | null): string {
  if (code === null) return 'the request failed before a reply arrived';
  return CAUSES[code] ?? `the request failed before a reply arrived (${code})`;
}

/**
 * The code of a network failure. Node reports a failed happy-eyeballs connect as an AggregateError whose
 * inner errors carry the codes, and some libraries wrap the socket error as `cause`.
 */
export function errorCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return errorCode(inner[0], depth + 1);
  return errorCode((error as { cause?: unknown }).cause, depth + 1);
}

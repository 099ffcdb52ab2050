import { IdleprobeError } from '../errors.js';
import type { ProxyEndpoint } from './proxy-url.js';

/** OpenSSL's verdicts that mean "this certificate does not chain to a CA you trust". */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/**
 * A certificate the probe cannot trust is the usual sign of TLS interception (a corporate proxy re-signing
 * traffic) or of a private load balancer CA: say so, and say how to trust that CA. Other failures are
 * left as Node reports them.
 */
export function untrustedCertificate(
  error: NodeJS.ErrnoException,
  target: { host: string; port: number },
  proxy: ProxyEndpoint | null,
): IdleprobeError | null {
  const code = error.code ?? '';
  const where = `${target.host}:${target.port}${proxy ? ` (through the proxy ${proxy.display})` : ''}`;
  if (UNTRUSTED.has(code)) {
    return new IdleprobeError(
      'IDLEPROBE_ERR_NETWORK',
      `The TLS certificate presented for ${where} is not signed by a CA this machine trusts (${code}: ${error.message}). ` +
        'A TLS-inspecting proxy or a private CA signs it: get that CA certificate in PEM form from your network team and pass it with --ca FILE.',
      { cause: error },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new IdleprobeError(
      'IDLEPROBE_ERR_NETWORK',
      `The TLS certificate presented for ${where} does not name that host (${error.message}): check the host name, or what on the path answers in its place.`,
      { cause: error },
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new IdleprobeError(
      'IDLEPROBE_ERR_NETWORK',
      `The TLS certificate presented for ${where} is outside its validity period (${code}): check this machine's clock, or what on the path answers in the service's place.`,
      { cause: error },
    );
  }
  return null;
}

import { X509Certificate } from 'node:crypto';
import { type DetailedPeerCertificate, rootCertificates, type TLSSocket } from 'node:tls';

export interface ChainLink {
  subject: string;
  issuer: string;
}

/**
 * The certificate chain as the connection verified it, leaf first. Node completes the chain the server
 * sent with the issuers from the trust store in use, so with --ca the last link is the extra CA itself.
 */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true) as
    | DetailedPeerCertificate
    | undefined;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    // A self-signed root names itself as its issuer: the `seen` check ends the walk there.
    current = current.issuerCertificate;
  }
  return chain;
}

export function describeChain(chain: readonly X509Certificate[]): ChainLink[] {
  return chain.map((cert) => ({ subject: oneLine(cert.subject), issuer: oneLine(cert.issuer) }));
}

/**
 * Whether the chain ends at a CA Node trusts out of the box (`tls.rootCertificates`). False means the
 * connection was signed by someone else: a TLS-intercepting proxy or a private CA trusted through --ca.
 * Null when there is no chain to judge.
 */
export function endsAtPublicCa(chain: readonly X509Certificate[]): boolean | null {
  const top = chain[chain.length - 1];
  if (!top) return null;
  const roots = publicRoots();
  if (roots.some((root) => root.fingerprint256 === top.fingerprint256)) return true;
  // A server may stop short of the root: then the top link must be issued and signed by a public root.
  return roots.some((root) => top.checkIssued(root) && safeVerify(top, root));
}

let cachedRoots: X509Certificate[] | null = null;

function publicRoots(): X509Certificate[] {
  cachedRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return cachedRoots;
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function oneLine(name: string): string {
  return name
    .split('\n')
    .filter((part) => part !== '')
    .join(', ');
}

import { isIP } from 'node:net';
import { REGIONS } from '../genesys/regions.js';

/**
 * Addresses and host names that say where a network is and whose it is: IP addresses anywhere, and host
 * names in URLs (a corporate proxy, a gateway). The service's own hosts stay (they say which region was
 * probed, which is the point of a report), and so does this machine's loopback, which names nobody.
 */

const IPV4 = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)/g;
/** Candidates only (a time of day `12:00:00` has the shape too): `isIP` decides. */
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})(?![\w:]|\.\d)/gi;
/** The host of a URL written in text: scheme, optional user info, then the host up to a port or path. */
const URL_HOST =
  /\b((?:https?|wss?):\/\/)([^\s/@"']*@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)/gi;

export function replaceAddresses(text: string, tag: (address: string) => string): string {
  return text
    .replace(IPV6, (candidate) => {
      if (isIP(candidate) !== 6) return candidate;
      const lower = candidate.toLowerCase();
      if (lower === '::' || lower === '::1') return candidate;
      // An IPv4 address mapped into IPv6 (Node reports peers so) is the same address as its IPv4 form.
      const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower)?.[1];
      return mapped ? `::ffff:${ipv4(mapped, tag)}` : tag(lower);
    })
    .replace(IPV4, (address) => ipv4(address, tag));
}

/** Tags the host of every URL in `text`, and removes credentials written into a URL (`user:password@`). */
export function replaceHosts(text: string, tag: (host: string) => string): string {
  return text.replace(URL_HOST, (_whole, scheme: string, userInfo: string | undefined, host: string) => {
    const prefix = `${scheme}${userInfo ? '[redacted]@' : ''}`;
    return isIP(host) !== 0 || keptHost(host) ? `${prefix}${host}` : `${prefix}${tag(host.toLowerCase())}`;
  });
}

function ipv4(address: string, tag: (address: string) => string): string {
  return address.startsWith('127.') || address === '0.0.0.0' ? address : tag(address);
}

/** The service's hosts and this machine's names are kept. */
function keptHost(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  return REGIONS.some((r) => lower === r.env || lower.endsWith(`.${r.env}`));
}

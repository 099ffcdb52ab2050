import { BlockList, isIP } from 'node:net';

/**
 * NO_PROXY as curl reads it, so a probe takes the path the user's other tools take: a comma (or space)
 * separated list; `*` alone matches every host; `example.com`, `.example.com` and `*.example.com` all match
 * example.com and any host below it; `host:port` matches that port only; an IP address matches itself and
 * an IP range in CIDR form (`10.0.0.0/8`) matches the addresses in it. Host names are never resolved.
 */
export function matchesNoProxy(host: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const target = normaliseHost(host);
  return noProxy
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .some((entry) => entryMatches(entry, target, port));
}

function entryMatches(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  if (entry.includes('/')) return cidrMatches(entry, host);
  const { name, entryPort } = splitPort(entry);
  if (entryPort !== null && entryPort !== port) return false;
  const suffix = normaliseHost(name).replace(/^\*?\./, '');
  if (suffix === '') return false;
  if (isIP(suffix) || isIP(host)) return suffix === host;
  return host === suffix || host.endsWith(`.${suffix}`);
}

function splitPort(entry: string): { name: string; entryPort: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? entry, entryPort: bracketed[2] ? Number(bracketed[2]) : null };
  // A bare IPv6 address has several colons and no port.
  if (isIP(entry) === 6) return { name: entry, entryPort: null };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1] ?? entry, entryPort: Number(withPort[2]) };
  return { name: entry, entryPort: null };
}

function cidrMatches(entry: string, host: string): boolean {
  const [network = '', bits] = entry.split('/');
  const family = isIP(network);
  const prefix = Number(bits);
  if (family === 0 || !Number.isInteger(prefix) || family !== isIP(host)) return false;
  const kind = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false;
  const range = new BlockList();
  range.addSubnet(network, prefix, kind);
  return range.check(host, kind);
}

function normaliseHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

import { hostname, networkInterfaces } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/**
 * The names and addresses a client may use to reach a simulator listening on `listenHost`, for its
 * certificate: the host itself (with `localhost` beside a loopback address), every address of this
 * machine and its name when it listens on all of them, and the host of the public URL it advertises.
 */
export function certificateHosts(listenHost: string, publicHost: string | null): string[] {
  const host = unbracket(listenHost);
  const hosts: string[] = [];
  if (WILDCARDS.has(host)) {
    hosts.push(...LOOPBACK, hostname());
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) hosts.push(address.address.replace(/%.*$/, ''));
  } else {
    hosts.push(host);
    if (LOOPBACK.includes(host) || host.startsWith('127.')) hosts.push(...LOOPBACK);
  }
  if (publicHost) hosts.unshift(unbracket(publicHost));
  return [...new Set(hosts.map((entry) => entry.toLowerCase()))];
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

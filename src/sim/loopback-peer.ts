import { isIPv4 } from 'node:net';

/**
 * Whether a TCP peer's address is this machine's loopback: 127.0.0.0/8, ::1, or 127.x mapped into IPv6
 * (`::ffff:127.0.0.1`, as a dual-stack listener reports an IPv4 peer). Only the TCP peer counts: a
 * forwarded-for header could be sent by anyone.
 */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

import type { ClosureRow } from './summary.js';

/**
 * Closures that are the service's documented behaviour rather than a fault: announced maintenance
 * (protocol.md: socket_closing, "reconnecting at once is safe") and a channel reaching its documented
 * 24-hour life. Every other closure (`by` not `probe`) is unexpected: it is what a soak run exists to catch.
 */
export function isExpectedClosure(row: ClosureRow): boolean {
  return row.cause === 'maintenance' || row.cause === 'channel-expired';
}

import type { KeepaliveStrategy } from '../../src/channel/keepalive.js';
import type { ProbeEvent } from '../../src/events/types.js';

/** The README's experiment, every keepalive at one interval (TCP keepalive counts in whole seconds). */
export function keepaliveLanes(intervalMs: number): KeepaliveStrategy[] {
  return [
    { kind: 'none' },
    { kind: 'tcp', intervalMs: Math.max(1_000, intervalMs) },
    { kind: 'ws-ping', intervalMs },
    { kind: 'ping', intervalMs },
  ];
}

/** Heartbeats the probe logged on one connection. */
export function heartbeatsOn(events: ProbeEvent[], conn: number): number {
  return events.filter((event) => event.event === 'heartbeat' && event.conn === conn).length;
}

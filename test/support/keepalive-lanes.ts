import type { ProbeEvent } from '../../src/events/types.js';

/**
 * What happened to each keepalive lane of a run, read from its events: the strategy each connection had
 * (from its `open`), and each lane's closures by the service or the network, in order.
 */
export function closuresByKeepalive(events: ProbeEvent[]): Map<string, Array<Extract<ProbeEvent, { event: 'close' }>>> {
  const strategyOf = new Map<number, string>();
  const lanes = new Map<string, Array<Extract<ProbeEvent, { event: 'close' }>>>();
  for (const event of events) {
    if (event.event === 'open') {
      const label = event.keepalive ?? 'none';
      strategyOf.set(event.conn, label);
      if (!lanes.has(label)) lanes.set(label, []);
    }
    if (event.event === 'close' && event.by !== 'probe') lanes.get(strategyOf.get(event.conn)!)?.push(event);
  }
  return lanes;
}

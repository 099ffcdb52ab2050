import * as v from 'valibot';
import { fields, interval, oneOf, text } from './scenario-fields.js';

/**
 * Something on the path between the client and the service (a proxy, load balancer, firewall or NAT) that
 * ends connections on its own timer. closure-causes.md lists it as a cause that shows as `1006` (often
 * `ECONNRESET`) or as a half-open path only the client's watchdog ends. Which timer and which default a
 * real path uses is never published by the path's owner, so every value here is a named assumption.
 */
export const intermediarySchema = fields({
  /** A label for the journal, e.g. "proxy" or "nat". */
  name: v.optional(text()),
  /**
   * What the timer counts: time without client-to-server bytes (a proxy that waits on the client), time
   * without bytes in either direction (the usual idle timeout of load balancers, proxies and NATs), or
   * the connection's age regardless of traffic.
   */
  idle: oneOf(['client-to-server', 'either-direction', 'age']),
  /** Scenario time; divided by the simulator's time scale like every other interval. */
  afterMs: interval(),
  /**
   * `reset`: both sides get a TCP RST (the client sees 1006 with ECONNRESET). `black-hole`: nothing is
   * forwarded any more in either direction and both connections stay open, as when a NAT forgets a flow
   * and drops its packets; only the client's watchdog can end it.
   */
  cut: oneOf(['reset', 'black-hole']),
});

export type Intermediary = v.InferOutput<typeof intermediarySchema>;

/** How a cut is journalled: `intermediary:<name> <cut> after <afterMs>ms <idle>`. */
export function describeCut(intermediary: Intermediary): string {
  const timer =
    intermediary.idle === 'age'
      ? 'of age'
      : `without ${intermediary.idle === 'client-to-server' ? 'client-to-server bytes' : 'bytes either way'}`;
  return `intermediary:${intermediary.name ?? 'relay'} ${intermediary.cut} after ${intermediary.afterMs}ms ${timer}`;
}

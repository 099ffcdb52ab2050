import type { EventOf } from '../events/types.js';
import type { ConnectionFrame } from './connection-observer.js';

/**
 * Server-to-client frames: any of them proves the path was alive at that moment. A switch rather than a
 * set: asked for every frame of a log, and a kind compared with these words is not hashed.
 */
export function isInboundFrame(kind: ConnectionFrame['event']): boolean {
  switch (kind) {
    case 'heartbeat':
    case 'pong':
    case 'warning':
    case 'system':
    case 'notification':
    case 'frame':
      return true;
    default:
      return false;
  }
}

/**
 * An RFC 6455 ping from the service. The socket answers it with a pong at once (ws does so by default, as
 * the RFC requires), and that pong is client-to-server traffic: it resets any timer counting client
 * silence, so it must count as outbound even though the log records only the ping that caused it.
 */
export function isServerControlPing(event: EventOf<'frame'>): boolean {
  return event.kind === 'control' && /\bping\b/i.test(event.note);
}

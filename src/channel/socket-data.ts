import type WebSocket from 'ws';
import { IdleprobeError } from '../errors.js';

/**
 * Small pieces of a WebSocket session that do not depend on its state: reading frames whatever shape ws
 * hands them over in, pairing pongs with pings, and explaining a refused upgrade.
 */
export function upgradeRefused(status: number): IdleprobeError {
  const hint =
    status === 404
      ? 'the channel no longer exists (expired, evicted by a newer channel, or deleted)'
      : status === 401 || status === 403
        ? 'the service refused the channel'
        : 'the service or a proxy on the way refused the upgrade';
  return new IdleprobeError('IDLEPROBE_ERR_CHANNEL', `WebSocket upgrade answered HTTP ${status}: ${hint}.`);
}

export function rawLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * The send time of the newest ping still unanswered, forgetting older ones: a pong answers the latest ping
 * (pings go out far apart compared with a round trip), and a lost pong must not shift every later one.
 */
export function newestAndClear(sentTimes: number[]): number | undefined {
  const newest = sentTimes.at(-1);
  sentTimes.length = 0;
  return newest;
}

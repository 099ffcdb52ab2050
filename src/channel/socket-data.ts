import type WebSocket from 'ws';
import { IdleprobeError } from '../errors.js';
import { retryAfterMsOf } from '../genesys/response-body.js';

/**
 * Small pieces of a WebSocket session that do not depend on its state: reading frames whatever shape ws
 * hands them over in, pairing pongs with pings, and describing a refused upgrade.
 */

/**
 * The upgrade got an HTTP answer instead of `101 Switching Protocols`. A 404 does not prove the channel is
 * gone: a proxy that strips the `Upgrade` header turns the upgrade into a plain GET, which the service
 * answers 404 for an existing channel too. The lane checks the channel before it says which
 * (src/probe/refused-upgrade.ts); this error carries what the answer said about who gave it.
 */
export class UpgradeRefusedError extends IdleprobeError {
  constructor(
    readonly status: number,
    /** The answer's `Via` and `Server` headers, which often name the box that gave it. */
    readonly via: string | null,
    readonly server: string | null,
    /** The answer's `Retry-After` in ms (a 429 or 503 may carry one); null when absent or unreadable. */
    readonly retryAfterMs: number | null = null,
    /** What the status means once more is known (the channel checked); a first guess from the status without. */
    message = `WebSocket upgrade answered HTTP ${status}: ${hintFor(status)}.`,
  ) {
    super('IDLEPROBE_ERR_CHANNEL', message);
    this.name = 'UpgradeRefusedError';
  }
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return 'the service refused the channel';
  if (status === 429 || status >= 500) return 'the service, or a proxy on the way, is in trouble';
  return 'the channel is gone, or something in the path stripped the Upgrade header';
}

/** The refusal `response` gave to an upgrade request. */
export function upgradeRefused(
  response: {
    statusCode?: number | undefined;
    headers: Record<string, string | string[] | undefined>;
  },
  wallNowMs: number,
): UpgradeRefusedError {
  const header = (name: string): string | null => {
    const value = response.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  return new UpgradeRefusedError(
    response.statusCode ?? 0,
    header('via'),
    header('server'),
    retryAfterMsOf(response.headers, wallNowMs),
  );
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

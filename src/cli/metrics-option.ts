import { parseDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';
import type { MetricsAddress } from '../metrics/metrics-server.js';

/** `--metrics` and `--metrics-linger` as a run takes them. */
export interface MetricsPlan extends MetricsAddress {
  /** Real milliseconds a finished run keeps serving until it has been scraped once more; 0: none. */
  lingerMs: number;
}

/**
 * A bare port listens on this machine only: the endpoint has no login, and what it tells (lanes, causes,
 * timings) is nobody else's business unless the person running it says so, as a fleet's pod does with
 * `--metrics 0.0.0.0:9464`.
 */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

const usage = (message: string): IdleprobeError => new IdleprobeError('IDLEPROBE_ERR_USAGE', message);

/** `PORT`, `HOST:PORT` or `[IPv6]:PORT`, plus the linger; null when `--metrics` was not given. */
export function planMetrics(metrics: string | undefined, linger: string | undefined): MetricsPlan | null {
  if (metrics === undefined) {
    if (linger !== undefined)
      throw usage('--metrics-linger keeps the --metrics endpoint up after a run: add --metrics PORT.');
    return null;
  }
  const lingerMs = linger === undefined ? 0 : parseDuration(linger, '--metrics-linger');
  return { ...parseMetricsAddress(metrics), lingerMs };
}

export function parseMetricsAddress(text: string): MetricsAddress {
  const value = text.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(value);
  const split = bracketed ?? /^([^:[\]]*):(\d+)$/.exec(value);
  const host = split ? (split[1] as string) : DEFAULT_METRICS_HOST;
  const portText = split ? (split[2] as string) : value;
  if (host === '' || !/^\d+$/.test(portText) || Number(portText) > 65_535) {
    throw usage(
      `--metrics "${text}" is not PORT or HOST:PORT: write 9464 (this machine only), 0.0.0.0:9464 (every interface, as in a pod) or [::1]:9464.`,
    );
  }
  return { host, port: Number(portText) };
}

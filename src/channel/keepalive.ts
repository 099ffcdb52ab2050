import type { Clock, Timer } from '../clock/clock.js';
import { compactDuration, parseDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';
import { KEEPALIVE_KINDS, KEEPALIVE_SYNTAX, type KeepaliveKind } from '../protocol/keepalive-kinds.js';
import type { ChannelSession } from './session.js';

/**
 * How a connection is kept alive, if at all (protocol/keepalive-kinds.ts says what each kind reaches).
 * `none` is the default: a probe must not reset the timer it observes.
 */
export type KeepaliveStrategy = { kind: 'none' } | { kind: Exclude<KeepaliveKind, 'none'>; intervalMs: number };

const TIMED_KINDS = KEEPALIVE_KINDS.filter((kind): kind is Exclude<KeepaliveKind, 'none'> => kind !== 'none');

export function parseKeepalive(text: string): KeepaliveStrategy {
  const trimmed = text.trim();
  if (trimmed === 'none') return { kind: 'none' };
  const [kind, interval, ...rest] = trimmed.split(':');
  const timed = TIMED_KINDS.find((known) => known === kind);
  if (timed === undefined || interval === undefined || rest.length > 0) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `keepalive "${text}" is not known: use ${KEEPALIVE_SYNTAX} (e.g. ping:30s).`,
    );
  }
  const intervalMs = parseDuration(interval, `keepalive "${text}"`);
  if (intervalMs <= 0)
    throw new IdleprobeError('IDLEPROBE_ERR_USAGE', `keepalive "${text}" needs an interval longer than zero.`);
  return { kind: timed, intervalMs };
}

/** The strategy as written on the command line, in scenario time: `none`, `ping:30s`, `tcp:1m30s`. */
export function keepaliveLabel(strategy: KeepaliveStrategy): string {
  if (strategy.kind === 'none') return 'none';
  return `${strategy.kind}:${compactDuration(strategy.intervalMs)}`;
}

/**
 * Starts the strategy on an open session; `wallIntervalMs` is the interval already divided by the time
 * scale. TCP keepalive is handed to the kernel (its probes are invisible to user space, so nothing is
 * logged per probe); the two ping kinds send on a timer and each frame is logged by the session.
 */
export function startKeepalive(
  session: ChannelSession,
  strategy: KeepaliveStrategy,
  clock: Clock,
  wallIntervalMs: number,
): Timer {
  if (strategy.kind === 'none') return { cancel: () => {} };
  if (strategy.kind === 'tcp') {
    session.enableTcpKeepalive(wallIntervalMs);
    return { cancel: () => {} };
  }
  const send = strategy.kind === 'ping' ? () => session.sendAppPing() : () => session.sendWsPing();
  let timer: Timer | null = null;
  let cancelled = false;
  const tick = (): void => {
    if (cancelled) return;
    send();
    timer = clock.setTimer(wallIntervalMs, tick);
  };
  timer = clock.setTimer(wallIntervalMs, tick);
  return {
    cancel: () => {
      cancelled = true;
      timer?.cancel();
    },
  };
}

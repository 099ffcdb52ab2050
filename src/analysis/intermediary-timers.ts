import { STAMP_JITTER_MS } from '../protocol/timing.js';
import { onBoxClock } from './box-clock.js';
import type { ClosureFacts } from './summary.js';

/**
 * Idle and lifetime timers that proxies, load balancers, firewalls and NATs ship with (closure-causes.md):
 * 60 s (nginx proxy_read_timeout, many ALBs), 100 s (Cloudflare, Azure front ends), 240 s and 270 s
 * (Azure SNAT and load balancer idle), 350 s (AWS NAT gateway), 600 s, 900 s (Squid's read timeout).
 */
export const INTERMEDIARY_TIMERS_MS: readonly number[] = [60, 100, 240, 270, 350, 600, 900].map((s) => s * 1000);

/** How close a measured duration must be to a timer to match it: 2 %, and never under 2 s of jitter. */
export function toleranceFor(ms: number): number {
  return Math.max(2_000, ms * 0.02);
}

/** The common timer a duration matches, or null. */
export function matchIntermediaryTimer(ms: number | null): number | null {
  if (ms === null) return null;
  for (const timer of INTERMEDIARY_TIMERS_MS) if (Math.abs(ms - timer) <= toleranceFor(timer)) return timer;
  return null;
}

/**
 * The common timer that may have fired somewhere between `fromMs` and `toMs` (a timer whose start is only
 * known to lie in a window, such as between the upgrade request and the open), allowing the usual
 * tolerance and the run's resolution.
 */
export function matchIntermediaryTimerBetween(fromMs: number, toMs: number, resolutionMs: number): number | null {
  for (const timer of INTERMEDIARY_TIMERS_MS) {
    const slack = Math.max(toleranceFor(timer), resolutionMs);
    if (timer >= Math.min(fromMs, toMs) - slack && timer <= Math.max(fromMs, toMs) + slack) return timer;
  }
  return null;
}

/** True when two durations are the same timer seen twice (within the tolerance of the larger one). */
export function sameDuration(a: number, b: number): boolean {
  return Math.abs(a - b) <= toleranceFor(Math.max(a, b));
}

/**
 * The common timer that cut a connection without a close frame, matched on the clock its path's boxes
 * keep (box-clock.ts): real time, unless the connection went straight to the built-in simulator. A timer
 * counting connection age or client-to-server bytes started between the upgrade request (the client's
 * first bytes) and the open; one counting client bytes restarts at each frame the client sent. Under
 * --time-scale 10, HAProxy's real 60 s is a 10-minute scenario age, and matches 60 s, never 600 s.
 */
export function pathTimerOf(row: ClosureFacts): number | null {
  const box = (ms: number) => onBoxClock(row, ms);
  const resolution = row.signals.boxClock === 'scenario' ? row.signals.resolutionMs : STAMP_JITTER_MS;
  const sinceUpgrade = row.signals.sinceUpgradeMs ?? row.lifetimeMs;
  const byAge = matchIntermediaryTimerBetween(box(row.lifetimeMs), box(sinceUpgrade), resolution);
  if (byAge !== null || row.sinceOutboundMs === null) return byAge;
  const sinceClient = box(row.sinceOutboundMs);
  return matchIntermediaryTimerBetween(sinceClient, sinceClient, resolution);
}

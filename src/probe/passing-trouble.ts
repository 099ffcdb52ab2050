import { UpgradeRefusedError } from '../channel/socket-data.js';
import type { ScenarioTime } from '../clock/scenario-time.js';
import type { IdleprobeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { GenesysHttpError } from '../genesys/http.js';
import { attemptCause } from './attempt-cause.js';
import { backoffDelay, cappedRetryAfter, loggableMs } from './backoff.js';
import { knownFailure } from './failure.js';
import type { RunState } from './run-state.js';

/** How often a call the run cannot start without is tried through passing trouble before giving up. */
export const STARTUP_ATTEMPTS = 3;

/**
 * Trouble that may pass by itself, which the README promises is retried: a network failure, a 429, a 5xx
 * (of a REST call or of a WebSocket upgrade). A refused token, a missing permission or a usage mistake
 * will not mend by waiting.
 */
export function isPassingTrouble(error: IdleprobeError): boolean {
  const status = error instanceof GenesysHttpError || error instanceof UpgradeRefusedError ? error.status : null;
  return error.code === 'IDLEPROBE_ERR_NETWORK' || status === 429 || (status !== null && status >= 500);
}

/** The service's `Retry-After`, when the error carries one: a REST reply's or a refused upgrade's. */
export function retryAfterOf(error: IdleprobeError): number | null {
  return error instanceof GenesysHttpError || error instanceof UpgradeRefusedError ? error.retryAfterMs : null;
}

export interface RetryContext {
  run: RunState;
  time: ScenarioTime;
  bus: EventBus;
  random: () => number;
  backoff: { initialMs: number; maxMs: number };
}

/** A Retry-After cut to what the probe obeys, the cut logged (and shown to the person watching). */
export function obeyedRetryAfter(retryAfterMs: number | null, bus: EventBus, lane?: number): number | null {
  const { usedMs, clamped } = cappedRetryAfter(retryAfterMs);
  if (clamped && retryAfterMs !== null && usedMs !== null) {
    bus.publish({
      event: 'clamp',
      what: 'retry-after',
      givenMs: loggableMs(retryAfterMs),
      usedMs,
      ...(lane === undefined ? {} : { lane }),
    });
  }
  return usedMs;
}

/**
 * Runs a call the run cannot start without (the token, the user, the channel count) through passing trouble
 * as a lane runs its connects: each failed attempt logged as an `error` with its cause, a backoff (the
 * service's Retry-After as its floor), at most STARTUP_ATTEMPTS tries. What will not pass, a bug, the last
 * failure, or the run stopping meanwhile throws what the call threw.
 */
export async function retryPassing<T>(work: () => Promise<T>, context: RetryContext): Promise<T> {
  const { run, time, bus } = context;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (caught) {
      const known = knownFailure(caught);
      if (!known || run.stopReason || !isPassingTrouble(known) || attempt >= STARTUP_ATTEMPTS) throw caught;
      bus.publish({ event: 'error', code: known.code, message: known.message, cause: attemptCause(known) });
      const delayMs = backoffDelay(
        attempt,
        context.backoff,
        context.random,
        obeyedRetryAfter(retryAfterOf(known), bus),
      );
      let timer: { cancel(): void } | undefined;
      const slept = new Promise<true>((resolve) => {
        timer = time.after(delayMs, () => resolve(true), 'backoff');
      });
      const woke = await run.untilStopped(slept);
      timer?.cancel();
      if (woke === null) throw caught;
    }
  }
}

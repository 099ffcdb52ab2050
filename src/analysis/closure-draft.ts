import { classifyClosure } from './classify-closure.js';
import type { ClosureVerdict } from './closure-cause.js';
import type { ClosureSignals } from './closure-signals.js';
import type { ClosureFacts, ClosureRow } from './summary.js';

/**
 * A closed connection whose row is not made yet: the facts known at its close, and where its silence lay
 * (raw `mono`), so that evidence the log holds only afterwards can still be matched to it.
 */
export interface ClosureDraft {
  facts: ClosureFacts;
  closeMono: number;
  /** Raw mono at which the silence before the close began: the last inbound frame, or the open. */
  silenceStart: number;
  /** The run's time scale, to turn evidence arriving later into the row's scenario time. */
  timeScale: number;
}

/** The signals that events after a close can still add to (after-close-evidence.ts). */
export type AfterCloseSignals = Pick<
  ClosureSignals,
  'channelAfter' | 'tokenRejectedAfter' | 'healthReported' | 'loopStallMs' | 'clockJumpMs'
>;

export function noAfterCloseSignals(): AfterCloseSignals {
  return { channelAfter: null, tokenRejectedAfter: false, healthReported: false, loopStallMs: null, clockJumpMs: null };
}

/** Rows of connections the run itself closed while stopping carry no cause: they are not closures. */
const ENDED_BY_THE_RUN: ClosureVerdict = { cause: 'unexplained', confidence: 'low', evidence: '' };

/** The row of a closure, its facts and the evidence that came after them put together, then classified. */
export function closureRow(draft: ClosureDraft, after: AfterCloseSignals): ClosureRow {
  const known = draft.facts.signals;
  const facts: ClosureFacts = {
    ...draft.facts,
    signals: {
      ...known,
      channelAfter: after.channelAfter ?? known.channelAfter,
      tokenRejectedAfter: known.tokenRejectedAfter || after.tokenRejectedAfter,
      healthReported: known.healthReported || after.healthReported,
      loopStallMs: larger(known.loopStallMs, after.loopStallMs),
      clockJumpMs: larger(known.clockJumpMs, after.clockJumpMs),
    },
  };
  return { ...facts, ...(facts.by === 'probe' ? ENDED_BY_THE_RUN : classifyClosure(facts)) };
}

/** The larger of two measurements, either of which may be missing. */
function larger(a: number | null, b: number | null): number | null {
  if (b === null) return a;
  return Math.max(a ?? 0, b);
}

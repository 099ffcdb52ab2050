import { classifyClosure } from './classify-closure.js';
import type { ClosureVerdict } from './closure-cause.js';
import type { ClosureSignals } from './closure-signals.js';
import type { ClosureFacts, ClosureRow } from './summary.js';

/**
 * A closed connection whose evidence may not be complete yet: the facts known at its close, and where its
 * silence lay (raw `mono`), so that evidence the log holds only afterwards can still be matched to it.
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

/** A closure whose evidence is complete: the facts at its close and what came after. Nothing changes it. */
export interface SettledClosure {
  readonly facts: ClosureFacts;
  readonly after: Readonly<AfterCloseSignals>;
}

/** Rows of connections the run itself closed carry no cause: they are not closures. */
const NOT_CLASSIFIED: ClosureVerdict = { cause: 'unexplained', confidence: 'low', evidence: '' };

/**
 * The row of a settled closure: its facts with the evidence that came after them, and the classifier's
 * verdict. A new row each time, so a row handed out is never touched again.
 */
export function closureRow({ facts, after }: SettledClosure): ClosureRow {
  const known = facts.signals;
  const signals: ClosureSignals = {
    ...known,
    channelAfter: after.channelAfter ?? known.channelAfter,
    tokenRejectedAfter: known.tokenRejectedAfter || after.tokenRejectedAfter,
    healthReported: known.healthReported || after.healthReported,
    loopStallMs: larger(known.loopStallMs, after.loopStallMs),
    clockJumpMs: larger(known.clockJumpMs, after.clockJumpMs),
  };
  const verdict = facts.by === 'probe' ? NOT_CLASSIFIED : classifyClosure({ ...facts, signals });
  const { cause, confidence } = verdict;
  const evidence = flattened(verdict.evidence);
  // The verdict's fields come first, as named properties: V8 gives every object that a spread extends with
  // new properties a hidden class of its own (about 650 bytes a row in bench/report-merge-memory.ts).
  return { cause, confidence, evidence, ...facts, signals };
}

/**
 * The same text in one piece. V8 keeps a string joined from pieces (the evidence is a template of many) as
 * a tree of those pieces until something reads its characters, and a row is kept for the whole report:
 * converting it to a number reads it through once, which makes V8 store it flat. About 290 bytes a row.
 */
export function flattened(text: string): string {
  Number(text);
  return text;
}

/** The larger of two measurements, either of which may be missing. */
function larger(a: number | null, b: number | null): number | null {
  if (b === null) return a;
  return Math.max(a ?? 0, b);
}

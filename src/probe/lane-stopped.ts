import { IdleprobeError } from '../errors.js';

/**
 * A lane met an error it could not get past, which ends the run. The lane has logged it already (its
 * failed attempt, and `lane-end`), so the run only passes it on; the message names the lane when the run
 * has several, so the one that stopped never goes unsaid.
 */
export class LaneStopped extends IdleprobeError {
  constructor(
    readonly lane: number,
    failure: IdleprobeError,
    prefix: string,
  ) {
    super(failure.code, `${prefix}${failure.message}`, { cause: failure });
    this.name = 'LaneStopped';
  }
}

import type { SimRecord } from '../sim/journal.js';

/**
 * What the grader reads of one simulator journal record (docs/test-bench.md, "The journal"): every time in
 * scenario milliseconds (`scenarioMs`), so a journal saved at any time scale grades the same. Kinds it does
 * not know are ignored, so a newer journal still grades.
 */
export type GradeRecord = Pick<SimRecord, 'at' | 'scenarioMs' | 'channel'> &
  Partial<
    Pick<
      SimRecord,
      'socket' | 'code' | 'reason' | 'by' | 'detail' | 'method' | 'path' | 'status' | 'retryAfter' | 'expiresInMs'
    >
  > & {
    kind: string;
    /** Who, as the simulator tells clients apart; '' or missing: attributed by its socket or channel. */
    client?: string;
  };

/**
 * What the grader reads of one simulator journal record. The simulator writes more; the grader takes only
 * these fields, all times in scenario milliseconds (`scenarioMs`), so a journal saved at any time scale
 * grades the same. Kinds it does not know are ignored, so a newer journal still grades.
 */
export interface GradeRecord {
  /** Real monotonic milliseconds; order only. */
  at: number;
  /** Scenario milliseconds since the simulator started: every duration of the card is measured on it. */
  scenarioMs: number;
  kind: string;
  channel: string;
  /** Who did it, as the simulator tells clients apart; records without one are attributed by socket or channel. */
  client?: string;
  socket?: string;
  code?: number;
  reason?: string;
  /** For a close: `server` or `client`. */
  by?: string;
  detail?: string;
  method?: string;
  path?: string;
  status?: number;
  /** Seconds, as the Retry-After header said. */
  retryAfter?: number;
  /** Scenario milliseconds until a token or channel expires, from this record. */
  expiresInMs?: number;
}

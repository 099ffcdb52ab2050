import { formatDuration } from '../clock/time-text.js';
import { type ClientView, type Indexed, isClientRequest } from './client-view.js';
import { counted } from './counted.js';
import { RETRY_AFTER_SLACK } from './grade-rules.js';
import type { CardCheck } from './report-card.js';

const THROTTLED = new Set([429, 503]);

/**
 * `retry-after-honoured`: after a 429 or 503 carrying Retry-After, the client made no request and no
 * upgrade until it elapsed (less RETRY_AFTER_SLACK of it: the header is in whole seconds).
 */
export function checkRetryAfterHonoured(view: ClientView): CardCheck {
  const id = 'retry-after-honoured';
  const { records } = view;
  const broken: Array<{ answer: Indexed; early: Indexed[] }> = [];
  let answers = 0;
  for (let at = 0; at < records.length; at++) {
    const answer = records[at] as Indexed;
    if (!THROTTLED.has(answer.status ?? 0) || !answer.retryAfter || answer.retryAfter <= 0) continue;
    answers += 1;
    const until = answer.scenarioMs + answer.retryAfter * 1000 * (1 - RETRY_AFTER_SLACK);
    // The journal is in time order: only the records up to the end of the wait are looked at, so a client
    // that was throttled thousands of times costs no more than its journal.
    const early: Indexed[] = [];
    for (let next = at + 1; next < records.length; next++) {
      const record = records[next] as Indexed;
      if (record.scenarioMs >= until) break;
      if (isClientRequest(record)) early.push(record);
    }
    if (early.length > 0) broken.push({ answer, early });
  }
  if (answers === 0)
    return { id, result: 'not-exercised', evidence: 'No answer with Retry-After reached this client.' };
  const count = `${counted(answers, 'answer')} with Retry-After`;
  if (broken.length === 0)
    return {
      id,
      result: 'pass',
      evidence: `After ${count} the client waited ${answers === 1 ? 'it' : 'each'} out before its next request.`,
    };
  const { answer, early } = broken[0] as { answer: Indexed; early: Indexed[] };
  return {
    id,
    result: 'fail',
    evidence: `After the ${answer.status} at ${formatDuration(answer.scenarioMs)} with Retry-After ${answer.retryAfter} s, ${counted(early.length, 'request')} came before it elapsed, the first ${formatDuration((early[0] as Indexed).scenarioMs - answer.scenarioMs)} later; ${broken.length} of ${count} ignored.`,
  };
}

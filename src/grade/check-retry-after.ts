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
  const answers = view.records.filter(
    (record) => THROTTLED.has(record.status ?? 0) && record.retryAfter !== undefined && record.retryAfter > 0,
  );
  if (answers.length === 0)
    return { id, result: 'not-exercised', evidence: 'No answer with Retry-After reached this client.' };
  const broken: Array<{ answer: Indexed; early: Indexed[] }> = [];
  for (const answer of answers) {
    const until = answer.scenarioMs + (answer.retryAfter ?? 0) * 1000 * (1 - RETRY_AFTER_SLACK);
    const early = view.records.filter(
      (record) => record.index > answer.index && isClientRequest(record) && record.scenarioMs < until,
    );
    if (early.length > 0) broken.push({ answer, early });
  }
  const count = `${counted(answers.length, 'answer')} with Retry-After`;
  if (broken.length === 0)
    return {
      id,
      result: 'pass',
      evidence: `After ${count} the client waited ${answers.length === 1 ? 'it' : 'each'} out before its next request.`,
    };
  const { answer, early } = broken[0] as { answer: Indexed; early: Indexed[] };
  return {
    id,
    result: 'fail',
    evidence: `After the ${answer.status} at ${formatDuration(answer.scenarioMs)} with Retry-After ${answer.retryAfter} s, ${counted(early.length, 'request')} came before it elapsed, the first ${formatDuration((early[0] as Indexed).scenarioMs - answer.scenarioMs)} later; ${broken.length} of ${count} ignored.`,
  };
}

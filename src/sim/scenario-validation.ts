import * as v from 'valibot';
import { IdleprobeError } from '../errors.js';
import { type Scenario, scenarioSchema } from './scenario.js';

/**
 * Checks a scenario read from JSON and returns it with every duration in milliseconds. Every mistake
 * found becomes one line of the error, naming where it is and what would be right, so a person fixes
 * the file in one pass.
 */
export function validateScenario(value: unknown, source: string): Scenario {
  // Every mistake, but only the first one of each field: a field is either right or wrong.
  const result = v.safeParse(scenarioSchema, value, { abortPipeEarly: true });
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${where(issue.path)}: ${issue.message}`);
  throw new IdleprobeError(
    'IDLEPROBE_ERR_SIM',
    `The scenario in ${source} has ${problems.length === 1 ? 'a mistake' : `${problems.length} mistakes`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
}

/** `closeRules[0].afterMs`; the whole file when the mistake is the file itself. */
function where(path: readonly v.IssuePathItem[] | undefined): string {
  let out = '';
  for (const item of path ?? []) {
    if (typeof item.key === 'number') out += `[${item.key}]`;
    else out += `${out === '' ? '' : '.'}${String(item.key)}`;
  }
  return out === '' ? 'the file' : out;
}

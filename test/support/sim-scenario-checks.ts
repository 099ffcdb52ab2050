import assert from 'node:assert/strict';
import { isIdleprobeError } from '../../src/errors.js';
import { validateScenario } from '../../src/sim/scenario-validation.js';

/** The smallest valid scenario file, for tests to spoil one field at a time. */
export const GOOD_SCENARIO = {
  name: 'x',
  summary: 's',
  hypothesis: 'h',
  basis: 'assumed',
  heartbeatIntervalMs: 30_000,
  topicEventIntervalMs: null,
  closeRules: [],
};

/** The problems validation lists for a scenario, one per line of its error; empty when it is valid. */
export function problemsOf(value: unknown): string[] {
  try {
    validateScenario(value, 'test.json');
  } catch (error) {
    assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_SIM'));
    return error.message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  return [];
}

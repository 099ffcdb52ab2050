import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isIdleprobeError } from '../../src/errors.js';
import { BUILT_IN_SCENARIOS } from '../../src/sim/built-in-scenarios.js';
import { loadScenarioFile, resolveScenario } from '../../src/sim/scenario-file.js';
import { validateScenario } from '../../src/sim/scenario-validation.js';
import { GOOD_SCENARIO, problemsOf } from '../support/sim-scenario-checks.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/scenarios/', import.meta.url));

const good = GOOD_SCENARIO;

describe('scenario files', () => {
  test('every built-in scenario passes validation unchanged', () => {
    for (const scenario of BUILT_IN_SCENARIOS) assert.deepEqual(validateScenario(scenario, scenario.name), scenario);
  });

  test('every fixture scenario file loads', async () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const scenario = await loadScenarioFile(`${FIXTURES}${file}`);
      assert.equal(`${scenario.name}.json`, file);
    }
  });

  test('durations may be written as text like "15m" and come back in milliseconds', () => {
    const scenario = validateScenario(
      { ...good, heartbeatIntervalMs: '30s', closeRules: [{ kind: 'drop', afterMs: '1m30s' }] },
      't',
    );
    assert.equal(scenario.heartbeatIntervalMs, 30_000);
    assert.deepEqual(scenario.closeRules, [{ kind: 'drop', afterMs: 90_000 }]);
  });

  test('each mistake is reported on its own line, naming where it is', () => {
    const problems = problemsOf({
      ...good,
      basis: 'guessed',
      heartbeatIntervalMs: 0,
      colour: 'red',
      closeRules: [
        { kind: 'client-silence', afterMs: '15 minutes', code: 1001, reason: 'idle timeout' },
        { kind: 'explode', afterMs: 1 },
      ],
    });
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('- basis: must be one of documented, observed, assumed')));
    assert.ok(problems.some((p) => p.startsWith('- heartbeatIntervalMs: must be an interval above 0')));
    assert.ok(problems.some((p) => p.startsWith('- colour: is not a field here')));
    assert.ok(problems.some((p) => p.startsWith('- closeRules[0].afterMs: must be a duration')));
    assert.ok(problems.some((p) => p.startsWith('- closeRules[0].countControlFrames: is missing')));
    assert.ok(problems.some((p) => p.startsWith('- closeRules[1].kind: must be one of client-silence')));
  });

  test('every stray field is a mistake of its own, and a list is not a scenario', () => {
    assert.deepEqual(problemsOf({ ...good, closeRules: [{ kind: 'drop', afterMs: 1, after: 2, ms: 3 }] }), [
      '- closeRules[0].after: is not a field here (fields: kind, afterMs)',
      '- closeRules[0].ms: is not a field here (fields: kind, afterMs)',
    ]);
    assert.deepEqual(problemsOf([good]), ['- the file: must be a JSON object']);
  });

  test('a close code outside 1000-4999 and a REST fault status outside 400-599 are refused', () => {
    const problems = problemsOf({
      ...good,
      closeRules: [{ kind: 'max-age', afterMs: 1, code: 999, reason: 'r' }],
      faults: [{ kind: 'rest-error', path: '/x', status: 200, count: null }],
    });
    assert.equal(problems.length, 2, problems.join('\n'));
  });

  test('a file that is not JSON and a missing file are IDLEPROBE_ERR_SIM errors that name the file', async () => {
    await assert.rejects(
      loadScenarioFile(`${FIXTURES}missing.json`),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_SIM') && error.message.includes('missing.json'),
    );
    await assert.rejects(
      loadScenarioFile(fileURLToPath(import.meta.url)),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_SIM') && error.message.includes('not valid JSON'),
    );
  });

  test('a name resolves to the built-in, a path to the file', async () => {
    assert.equal((await resolveScenario('steady')).name, 'steady');
    assert.equal((await resolveScenario(`${FIXTURES}half-open.json`)).name, 'half-open');
    await assert.rejects(resolveScenario('no-such'), (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_SIM'));
  });
});

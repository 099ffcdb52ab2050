import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeCut } from '../../src/sim/intermediary.js';
import { validateScenario } from '../../src/sim/scenario-validation.js';
import { GOOD_SCENARIO, problemsOf } from '../support/sim-scenario-checks.js';

const good = GOOD_SCENARIO;

describe('scenario fields for the intermediary and denied topics', () => {
  test('an intermediary with a text duration is read as milliseconds', () => {
    const scenario = validateScenario(
      { ...good, intermediary: { name: 'nat', idle: 'either-direction', afterMs: '5m', cut: 'black-hole' } },
      'test.json',
    );
    assert.deepEqual(scenario.intermediary, {
      name: 'nat',
      idle: 'either-direction',
      afterMs: 300_000,
      cut: 'black-hole',
    });
  });

  test('a null intermediary means none', () => {
    assert.equal(validateScenario({ ...good, intermediary: null }, 'test.json').intermediary, null);
  });

  test('an intermediary with an unknown timer, cut or field is refused, one line per mistake', () => {
    assert.deepEqual(problemsOf({ ...good, intermediary: { idle: 'sometimes', afterMs: 0, cut: 'rst', port: 1 } }), [
      '- intermediary.idle: must be one of client-to-server, either-direction, age',
      '- intermediary.afterMs: must be an interval above 0, in milliseconds or text like "30s", not 0',
      '- intermediary.cut: must be one of reset, black-hole',
      '- intermediary.port: is not a field here (fields: name, idle, afterMs, cut)',
    ]);
  });

  test('denied topics need a topic and a permission', () => {
    assert.deepEqual(
      validateScenario({ ...good, deniedTopics: [{ topic: 'v2.a.*', permission: 'p:q:r' }] }, 'test.json').deniedTopics,
      [{ topic: 'v2.a.*', permission: 'p:q:r' }],
    );
    assert.deepEqual(problemsOf({ ...good, deniedTopics: [{ topic: 'v2.a' }] }), [
      '- deniedTopics[0].permission: is missing (a non-empty string)',
    ]);
    assert.deepEqual(problemsOf({ ...good, deniedTopics: 'v2.a' }), [
      '- deniedTopics: must be a list of {"topic","permission"}',
    ]);
  });

  test('a cut is described in the journal by name, kind, limit and what it counts', () => {
    assert.equal(
      describeCut({ idle: 'age', afterMs: 900_000, cut: 'reset' }),
      'intermediary:relay reset after 900000ms of age',
    );
    assert.equal(
      describeCut({ name: 'fw', idle: 'client-to-server', afterMs: 1, cut: 'black-hole' }),
      'intermediary:fw black-hole after 1ms without client-to-server bytes',
    );
  });
});

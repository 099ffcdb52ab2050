import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { BUILT_IN_SCENARIOS, findScenario } from '../../src/sim/built-in-scenarios.js';

describe('built-in scenarios', () => {
  test('the built-ins exist, idle-timeout among them', () => {
    assert.deepEqual(BUILT_IN_SCENARIOS.map((s) => s.name).sort(), [
      'firewall-black-hole',
      'idle-timeout',
      'idle-token',
      'lb-idle',
      'lifetime-cap',
      'maintenance',
      'network-drop',
      'proxy-idle',
      'steady',
    ]);
  });

  test('every built-in sends heartbeats every 30 s and says what it stands for', () => {
    for (const scenario of BUILT_IN_SCENARIOS) {
      assert.equal(scenario.heartbeatIntervalMs, 30_000, scenario.name);
      assert.ok(scenario.summary.length > 0 && scenario.hypothesis.length > 0, scenario.name);
    }
  });

  test('idle-timeout counts client messages only and closes 1001 "idle timeout" after 15 min', () => {
    assert.deepEqual(findScenario('idle-timeout').closeRules, [
      { kind: 'client-silence', afterMs: 900_000, code: 1001, reason: 'idle timeout', countControlFrames: false },
    ]);
  });

  test('findScenario names every built-in when the name is unknown', () => {
    assert.throws(
      () => findScenario('nope'),
      (error: unknown) => {
        assert.ok(isIdleprobeError(error, 'IDLEPROBE_ERR_SIM'));
        for (const scenario of BUILT_IN_SCENARIOS) assert.ok(error.message.includes(scenario.name));
        return true;
      },
    );
  });
});

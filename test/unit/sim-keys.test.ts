import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyAction, keyLegend, SIM_KEYS } from '../../src/cli/sim-keys.js';
import { parseTrigger, TRIGGER_ACTIONS } from '../../src/sim/trigger-schema.js';

test('every key fires a valid trigger on every channel, and every action has a key', () => {
  const actions = new Set<string>();
  for (const entry of SIM_KEYS) {
    if (entry.action === 'quit') continue;
    const parsed = parseTrigger(entry.action);
    assert.ok(parsed.ok, `${entry.key}: ${parsed.ok ? '' : parsed.problem}`);
    assert.equal(entry.action.channel, '*');
    actions.add(entry.action.action);
  }
  assert.deepEqual([...actions].sort(), [...TRIGGER_ACTIONS].sort());
  assert.equal(new Set(SIM_KEYS.map((entry) => entry.key)).size, SIM_KEYS.length, 'no key twice');
});

test('keys map to their actions; Ctrl-C and q quit; other keys do nothing', () => {
  assert.deepEqual(keyAction('m'), { action: 'maintenance', channel: '*' });
  assert.deepEqual(keyAction('M'), { action: 'maintenance', channel: '*' });
  assert.deepEqual(keyAction('f'), { action: 'refuse', channel: '*', for: 30_000 });
  assert.deepEqual(keyAction('4'), { action: 'throttle', channel: '*', status: 429, for: 60_000 });
  assert.equal(keyAction('q'), 'quit');
  assert.equal(keyAction('\u0003'), 'quit');
  assert.equal(keyAction('z'), null);
  assert.equal(keyAction('\r'), null);
});

test('the legend names every key and fits the width it is given', () => {
  const legend = keyLegend(40);
  for (const entry of SIM_KEYS) assert.ok(legend.includes(`${entry.key} ${entry.label}`), entry.key);
  for (const line of legend.trimEnd().split('\n')) assert.ok(line.length <= 40, line);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeConfig } from '../../src/probe/config.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

/** The org's idle token timeout at 600 ms real: the agent's pasted token idles out, its channel closes. */
const IDLE_TOKEN = fastScenario({
  closeRules: [{ kind: 'token-idle', afterMs: 600, code: 1001, reason: 'idle timeout' }],
});

/**
 * A run that does not stop at its first closure checks the channel afterwards, and the service refuses
 * the idled-out token (401). The closure is still the token idling out, not "the token was refused".
 */
async function closureOfRunThatGoesOn(config: Partial<ProbeConfig>) {
  const { summary, events } = await probeAgainstSim({ scenario: IDLE_TOKEN }, { reconnect: 'same', ...config });
  assert.ok(
    events.some((event) => event.event === 'error' && event.code === 'IDLEPROBE_ERR_AUTH'),
    'the HEAD after the closure was refused',
  );
  const [row] = summary.closures;
  assert.ok(row, 'one closure');
  return row;
}

describe("a run that goes on after the token idled out still names the org's idle token timeout", () => {
  test('--closures 2', async () => {
    // The duration is only the deadline, should the run keep trying after the refusal.
    const row = await closureOfRunThatGoesOn({ maxClosures: 2, durationMs: 5_000 });
    assert.equal(row.cause, 'token', row.evidence);
    assert.match(row.evidence, /would idle out under the org's idle token timeout/);
    assert.match(row.evidence, /refused the token \(401\)/);
  });

  test('--duration', async () => {
    const row = await closureOfRunThatGoesOn({ maxClosures: null, durationMs: 3_000 });
    assert.equal(row.cause, 'token', row.evidence);
    assert.match(row.evidence, /would idle out under the org's idle token timeout/);
  });
});

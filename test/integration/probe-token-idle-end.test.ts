import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SimRecord } from '../../src/sim/journal.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

const MIN = 60_000;
/** The org's idle token timeout at 15 minutes, closing the token's channels when it fires (scenario idle-token). */
const idleToken = fastScenario({
  heartbeatIntervalMs: 30_000,
  closeRules: [{ kind: 'token-idle', afterMs: 15 * MIN, code: 1001, reason: 'idle timeout' }],
});

describe("a pasted token refused at the end of a run: the org's idle token timeout, or not", () => {
  test('a run past its first closure whose token idled out ends explaining the timeout, not "expired or revoked"', async () => {
    const { outcome, events } = await probeAgainstSim(
      { scenario: idleToken },
      { maxClosures: 2, durationMs: 60 * MIN },
    );
    assert.equal(outcome.endReason, 'error');
    assert.equal(outcome.error?.code, 'IDLEPROBE_ERR_AUTH');
    const message = outcome.error?.message ?? '';
    assert.match(message, /^the token idled out under the org's idle token timeout \(15m 00\.0s\)/);
    assert.match(message, /Heartbeats and socket traffic never reset that count/);
    assert.doesNotMatch(message, /expired or revoked/);
    const end = events.find((e) => e.event === 'lane-end');
    assert.ok(end?.event === 'lane-end' && end.reason === 'failed' && end.message === message);
  });

  test('a token revoked long before it could idle out is still called expired or revoked', async () => {
    const { outcome } = await probeAgainstSim(
      {
        scenario: idleToken,
        prepare: async (server) => {
          let revoked = false;
          server.journal.on('record', (record: SimRecord) => {
            if (record.kind !== 'open' || revoked) return;
            revoked = true;
            server.revokeToken(server.credentials.userToken);
          });
        },
      },
      { maxClosures: 2, durationMs: 60 * MIN },
    );
    assert.equal(outcome.endReason, 'error');
    assert.match(outcome.error?.message ?? '', /the token was rejected \(expired or revoked\)/);
    assert.doesNotMatch(outcome.error?.message ?? '', /idled out/);
  });
});

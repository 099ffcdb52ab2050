import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pastedTokenRejected } from '../../src/probe/token-rejection.js';

const MIN = 60_000;

test('a pasted token refused after as long without an API call as the org timeout idled out, and the message says so', () => {
  const error = pastedTokenRejected({ timeoutMs: 15 * MIN, quietMs: 15 * MIN + 1_200 });
  assert.equal(error.code, 'IDLEPROBE_ERR_AUTH');
  assert.match(error.message, /idled out under the org's idle token timeout \(15m 00\.0s\)/);
  assert.match(error.message, /last one was 15m 01\.2s ago/);
  assert.match(error.message, /Heartbeats and socket traffic never reset that count/);
  assert.doesNotMatch(error.message, /expired or revoked/);
});

test('one refused long before the org timeout was expired or revoked', () => {
  const error = pastedTokenRejected({ timeoutMs: 15 * MIN, quietMs: 2 * MIN });
  assert.match(error.message, /rejected \(expired or revoked\)/);
  assert.doesNotMatch(error.message, /idled out/);
});

test('with the org timeout unknown, a long quiet is named as a possibility, a short one is not', () => {
  assert.match(
    pastedTokenRejected({ timeoutMs: null, quietMs: 20 * MIN }).message,
    /expired or revoked.*last API call was 20m 00\.0s ago: it may also have idled out under the org's idle token timeout/,
  );
  assert.doesNotMatch(pastedTokenRejected({ timeoutMs: null, quietMs: 30_000 }).message, /idled out/);
});

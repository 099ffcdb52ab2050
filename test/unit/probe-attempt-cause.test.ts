import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upgradeRefused } from '../../src/channel/socket-data.js';
import { IdleprobeError } from '../../src/errors.js';
import { GenesysHttpError } from '../../src/genesys/http.js';
import { networkError } from '../../src/genesys/network-error.js';
import { attemptCause } from '../../src/probe/attempt-cause.js';

const withCode = (code: string): Error => Object.assign(new Error(code), { code });

test('a failed attempt is counted by the HTTP status of its answer, REST or upgrade', () => {
  const rest = new GenesysHttpError({
    status: 503,
    method: 'POST',
    path: '/api/v2/notifications/channels',
    retryAfterMs: null,
    serviceMessage: null,
    correlationId: null,
  });
  assert.equal(attemptCause(rest), 'HTTP 503');
  assert.equal(attemptCause(upgradeRefused({ statusCode: 404, headers: {} }, 0)), 'HTTP 404');
});

test('one that got no answer is counted by the socket code, found under the wrappers', () => {
  assert.equal(attemptCause(networkError('POST', '/x', 'h', withCode('ECONNREFUSED'), null)), 'ECONNREFUSED');
  const wrapped = new IdleprobeError('IDLEPROBE_ERR_NETWORK', 'could not open the WebSocket', {
    cause: new IdleprobeError('IDLEPROBE_ERR_NETWORK', 'Could not reach the proxy', { cause: withCode('ENOTFOUND') }),
  });
  assert.equal(attemptCause(wrapped), 'ENOTFOUND');
  const happyEyeballs = Object.assign(new AggregateError([withCode('EHOSTUNREACH')]), { code: undefined });
  assert.equal(attemptCause(networkError('GET', '/x', 'h', happyEyeballs, null)), 'EHOSTUNREACH');
});

test('every deadline is a timeout, and an error with nothing more to say is counted by its kind', () => {
  assert.equal(attemptCause(networkError('GET', '/x', 'h', withCode('UND_ERR_ABORTED'), 250)), 'timeout');
  assert.equal(attemptCause(networkError('GET', '/x', 'h', withCode('UND_ERR_CONNECT_TIMEOUT'), null)), 'timeout');
  assert.equal(attemptCause(new IdleprobeError('IDLEPROBE_ERR_NETWORK', 'The proxy refused CONNECT')), 'network');
});

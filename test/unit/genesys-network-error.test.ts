import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCode, networkError } from '../../src/genesys/network-error.js';

function withCode(code: string): Error {
  return Object.assign(new Error(`boom ${code}`), { code });
}

describe('network failures', () => {
  test('an unresolvable host is named with advice to check the region and DNS', () => {
    const error = networkError('POST', '/oauth/token', 'login.mypurecloud.example', withCode('ENOTFOUND'), null);
    assert.equal(error.code, 'IDLEPROBE_ERR_NETWORK');
    assert.equal(
      error.message,
      'POST /oauth/token to login.mypurecloud.example failed: the host name does not resolve (check the region or base URL, and DNS).',
    );
  });

  test('the code is found inside an AggregateError from a dual-stack connect', () => {
    const aggregate = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    assert.equal(errorCode(aggregate), 'ECONNREFUSED');
    assert.match(networkError('GET', '/x', 'h', aggregate, null).message, /connection was refused/);
  });

  test('the code is found in a wrapped cause', () => {
    const wrapped = new TypeError('fetch failed', { cause: withCode('ECONNRESET') });
    assert.match(networkError('GET', '/x', 'h', wrapped, null).message, /connection was reset/);
  });

  test('a TLS-intercepting proxy is suggested when the certificate chain is self-signed', () => {
    assert.match(
      networkError('GET', '/x', 'h', withCode('SELF_SIGNED_CERT_IN_CHAIN'), null).message,
      /NODE_EXTRA_CA_CERTS/,
    );
  });

  test('an unknown code is still shown, and the original error is kept as the cause', () => {
    const original = withCode('EWEIRD');
    const error = networkError('GET', '/x', 'h', original, null);
    assert.match(error.message, /\(EWEIRD\)/);
    assert.equal(error.cause, original);
  });

  test('a deadline overrides whatever the aborted request reported', () => {
    assert.match(
      networkError('GET', '/x', 'h', withCode('UND_ERR_ABORTED'), 250).message,
      /no complete reply within 250 ms/,
    );
  });

  test('a cause chain that loops does not hang', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    assert.equal(errorCode(a), null);
  });
});

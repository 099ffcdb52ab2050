import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planMetrics } from '../../src/cli/metrics-option.js';

describe('--metrics and --metrics-linger', () => {
  test('a bare port is this machine only; a host, 0.0.0.0 or a bracketed IPv6 address is taken as given', () => {
    assert.deepEqual(planMetrics('9464', undefined), { host: '127.0.0.1', port: 9464, lingerMs: 0 });
    assert.deepEqual(planMetrics('0.0.0.0:9464', '2m'), { host: '0.0.0.0', port: 9464, lingerMs: 120_000 });
    assert.deepEqual(planMetrics('[::1]:0', undefined), { host: '::1', port: 0, lingerMs: 0 });
    assert.deepEqual(planMetrics('localhost:9464', undefined), { host: 'localhost', port: 9464, lingerMs: 0 });
    assert.equal(planMetrics(undefined, undefined), null);
  });

  test('anything else is a usage error that says what to write', () => {
    for (const bad of ['', 'abc', ':9464', '9464:', '70000', '1.2.3.4:99999', '::1:9464', 'host:port']) {
      assert.throws(
        () => planMetrics(bad, undefined),
        (error: Error & { code?: string }) =>
          error.code === 'IDLEPROBE_ERR_USAGE' && /is not PORT or HOST:PORT: write 9464/.test(error.message),
        bad,
      );
    }
    assert.throws(() => planMetrics(undefined, '1m'), /--metrics-linger keeps the --metrics endpoint up/);
    assert.throws(() => planMetrics('9464', 'soon'), /--metrics-linger "soon" is not a duration/);
  });
});

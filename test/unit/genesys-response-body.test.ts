import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  correlationIdOf,
  parseJsonSafely,
  redact,
  retryAfterMsOf,
  serviceMessageOf,
} from '../../src/genesys/response-body.js';

describe('reading service replies', () => {
  test('text that is not JSON parses to undefined instead of throwing', () => {
    assert.equal(parseJsonSafely('<html>Bad Gateway</html>'), undefined);
    assert.equal(parseJsonSafely(''), undefined);
    assert.deepEqual(parseJsonSafely('{"a":1}'), { a: 1 });
  });

  test('the Genesys error shape yields its message and the messages of its nested errors', () => {
    const json = {
      message: 'Topic refused',
      code: 'forbidden',
      status: 403,
      errors: [{ message: 'missing presence:view' }],
    };
    assert.equal(serviceMessageOf(json, JSON.stringify(json)), 'Topic refused; missing presence:view');
  });

  test('the OAuth error shape yields its description and error code', () => {
    const json = { error: 'invalid_client', error_description: 'client not found' };
    assert.equal(serviceMessageOf(json, ''), 'client not found; invalid_client');
  });

  test('an HTML page becomes its readable text, clipped', () => {
    const html = '<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
    assert.equal(serviceMessageOf(undefined, html), '502 Bad Gateway nginx');
    const long = serviceMessageOf(undefined, 'x'.repeat(5000)) ?? '';
    assert.ok(long.length < 400);
    assert.equal(serviceMessageOf(undefined, '   '), null);
  });

  test('the correlation id comes from ININ-Correlation-Id, else from the body contextId', () => {
    assert.equal(correlationIdOf({ 'inin-correlation-id': 'abc' }, { contextId: 'zzz' }), 'abc');
    assert.equal(correlationIdOf({}, { contextId: 'zzz' }), 'zzz');
    assert.equal(correlationIdOf({}, undefined), null);
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.equal(retryAfterMsOf({ 'retry-after': '7' }, now), 7000);
    assert.equal(retryAfterMsOf({ 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' }, now), 30_000);
    assert.equal(retryAfterMsOf({ 'retry-after': 'soon' }, now), null);
    assert.equal(retryAfterMsOf({}, now), null);
  });

  test('redaction shortens channel ids, which are the socket credential', () => {
    assert.equal(redact('channel streaming-0-fmtdmf8cdis7jh14udg5p89t6z gone', []), 'channel …p89t6z gone');
  });

  test('redaction removes every occurrence of every secret', () => {
    assert.equal(
      redact('token abcd1234 and abcd1234 again, secret s3cr3t', ['abcd1234', 's3cr3t']),
      'token [redacted] and [redacted] again, secret [redacted]',
    );
  });
});

test("a hostile error body (megabytes of '<' and unclosed <script>) is read for its words in bounded work", () => {
  const lessThans = '<'.repeat(20 * 1024 * 1024);
  assert.equal(serviceMessageOf(null, lessThans), '<'.repeat(300) + '...');
  const scripts = '<script>'.repeat(2 * 1024 * 1024);
  assert.equal(serviceMessageOf(null, `<p>Bad gateway</p>${scripts}`)?.startsWith('Bad gateway'), true);
});

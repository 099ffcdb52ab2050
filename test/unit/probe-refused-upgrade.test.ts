import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type UpgradeRefusedError, upgradeRefused } from '../../src/channel/socket-data.js';
import { explainRefusedUpgrade, mayHideStrippedUpgrade } from '../../src/probe/refused-upgrade.js';

const refusal = (status: number, headers: Record<string, string> = {}): UpgradeRefusedError =>
  upgradeRefused({ statusCode: status, headers }, 0);

describe('a refused WebSocket upgrade', () => {
  test('on its own never says the channel is gone', () => {
    const error = refusal(404);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'IDLEPROBE_ERR_CHANNEL');
    assert.doesNotMatch(error.message, /no longer exists/);
    assert.match(error.message, /stripped the Upgrade header/);
  });

  test("keeps the answer's Retry-After, in seconds or as a date, through the explanation", () => {
    assert.equal(refusal(503, { 'retry-after': '120' }).retryAfterMs, 120_000);
    assert.equal(refusal(429, { 'retry-after': 'Thu, 01 Jan 1970 00:00:30 GMT' }).retryAfterMs, 30_000);
    assert.equal(refusal(503).retryAfterMs, null);
    assert.equal(explainRefusedUpgrade(refusal(503, { 'retry-after': '7' }), null, null).retryAfterMs, 7_000);
  });

  test('keeps the headers that name the box that answered', () => {
    const error = refusal(404, { via: '1.1 proxy.corp (squid/5.7)', server: 'squid/5.7' });
    assert.equal(error.via, '1.1 proxy.corp (squid/5.7)');
    assert.equal(error.server, 'squid/5.7');
  });

  test('404 and 400 may hide a stripped Upgrade header; a refused token, a proxy login, a rate limit and a 5xx do not', () => {
    assert.ok(mayHideStrippedUpgrade(refusal(404)));
    assert.ok(mayHideStrippedUpgrade(refusal(400)));
    for (const status of [401, 403, 407, 429, 502, 503])
      assert.ok(!mayHideStrippedUpgrade(refusal(status)), String(status));
  });

  test('a channel that exists behind it points at the path, naming the proxy and who answered', () => {
    const explained = explainRefusedUpgrade(
      refusal(404, { via: '1.1 proxy.corp (squid/5.7)' }),
      'exists',
      'http://proxy.corp:3128',
    );
    assert.match(
      explained.message,
      /^the channel exists, but the upgrade was refused with 404: something in the path \(the proxy http:\/\/proxy\.corp:3128\) strips the Upgrade header/,
    );
    assert.match(explained.message, /the answer came through 1\.1 proxy\.corp \(squid\/5\.7\), says its Via header/);
    assert.doesNotMatch(explained.message, /no longer exists|expired|evicted/);
    assert.equal(explained.status, 404);
  });

  test('without a proxy in use, the suspects are named in general', () => {
    const explained = explainRefusedUpgrade(refusal(400, { server: 'nginx' }), 'exists', null);
    assert.match(
      explained.message,
      /something in the path \(a proxy, gateway or TLS inspection\) strips the Upgrade header/,
    );
    assert.match(explained.message, /the answer came from nginx, says its Server header/);
  });

  test('only a channel the service says is gone is called gone', () => {
    assert.match(
      explainRefusedUpgrade(refusal(404), 'gone', 'http://proxy.corp:3128').message,
      /the channel no longer exists \(HEAD 404\)/,
    );
    const unchecked = explainRefusedUpgrade(refusal(404), null, null).message;
    assert.doesNotMatch(unchecked, /no longer exists/);
    assert.match(unchecked, /could not be checked: either it is gone, or something in the path/);
  });
});

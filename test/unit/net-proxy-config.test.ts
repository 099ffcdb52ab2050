import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { matchesNoProxy } from '../../src/net/no-proxy.js';
import {
  chooseProxy,
  type ProxySettings,
  proxyEndpointFor,
  validateProxySettings,
} from '../../src/net/proxy-config.js';
import { redactProxyText } from '../../src/net/proxy-url.js';

const settings = (env: Record<string, string>, explicit: string | null = null): ProxySettings => ({ explicit, env });

describe('chooseProxy: which proxy a connection takes', () => {
  test('no proxy anywhere means a direct connection', () => {
    assert.equal(chooseProxy('wss://streaming.mypurecloud.ie/channels/x', settings({})), null);
  });

  test('https and wss take HTTPS_PROXY, http and ws take HTTP_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:8080' };
    assert.equal(chooseProxy('https://api.mypurecloud.ie/', settings(env))?.display, 'http://secure-proxy:3128');
    assert.equal(chooseProxy('wss://streaming.mypurecloud.ie/', settings(env))?.display, 'http://secure-proxy:3128');
    assert.equal(chooseProxy('http://127.0.0.1:9000/', settings(env))?.display, 'http://plain-proxy:8080');
    assert.equal(chooseProxy('ws://127.0.0.1:9000/channels/x', settings(env))?.display, 'http://plain-proxy:8080');
  });

  test('a secure target does not fall back to HTTP_PROXY, nor a plain one to HTTPS_PROXY', () => {
    assert.equal(chooseProxy('wss://streaming.mypurecloud.ie/', settings({ HTTP_PROXY: 'http://plain:1' })), null);
    assert.equal(chooseProxy('ws://127.0.0.1:1/', settings({ HTTPS_PROXY: 'http://secure:1' })), null);
  });

  test('lower-case variables are read, and win over upper-case ones as curl has it', () => {
    assert.equal(
      chooseProxy('https://a.example/', settings({ https_proxy: 'http://lower:1' }))?.display,
      'http://lower:1',
    );
    assert.equal(
      chooseProxy('https://a.example/', settings({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }))
        ?.display,
      'http://lower:1',
    );
    assert.equal(
      chooseProxy('http://a.example/', settings({ http_proxy: 'http://lower:1' }))?.display,
      'http://lower:1',
    );
  });

  test('an empty variable counts as unset', () => {
    assert.equal(
      chooseProxy('https://a.example/', settings({ https_proxy: ' ', HTTPS_PROXY: 'http://upper:2' }))?.display,
      'http://upper:2',
    );
    assert.equal(chooseProxy('https://a.example/', settings({ HTTPS_PROXY: '' })), null);
  });

  test('--proxy wins over the environment, for every scheme', () => {
    const env = { HTTPS_PROXY: 'http://env:1', HTTP_PROXY: 'http://env:2' };
    for (const target of ['https://a.example/', 'wss://a.example/', 'http://a.example/', 'ws://a.example/']) {
      assert.equal(chooseProxy(target, settings(env, 'http://flag:3128'))?.display, 'http://flag:3128', target);
    }
  });

  test('NO_PROXY excludes a host whether the proxy came from --proxy or the environment', () => {
    assert.equal(
      chooseProxy('https://api.corp.example/', settings({ NO_PROXY: 'corp.example' }, 'http://flag:1')),
      null,
    );
    assert.equal(
      chooseProxy('https://api.corp.example/', settings({ HTTPS_PROXY: 'http://env:1', no_proxy: 'corp.example' })),
      null,
    );
    assert.equal(
      chooseProxy('https://api.other.example/', settings({ HTTPS_PROXY: 'http://env:1', NO_PROXY: 'corp.example' }))
        ?.display,
      'http://env:1',
    );
  });

  test('loopback goes through the proxy unless NO_PROXY names it', () => {
    assert.equal(chooseProxy('http://127.0.0.1:4000/', settings({ HTTP_PROXY: 'http://p:1' }))?.display, 'http://p:1');
    assert.equal(chooseProxy('http://localhost:4000/', settings({ HTTP_PROXY: 'http://p:1' }))?.display, 'http://p:1');
    assert.equal(
      chooseProxy('http://127.0.0.1:4000/', settings({ HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' })),
      null,
    );
  });

  test('credentials stay in the url and are removed from the display form', () => {
    const choice = chooseProxy('https://a.example/', settings({}, 'http://alice:s3cr%40t@proxy.corp:3128'));
    assert.equal(choice?.display, 'http://proxy.corp:3128');
    assert.match(choice!.url, /alice:s3cr%40t@/);
    const endpoint = proxyEndpointFor('https://a.example/', settings({}, 'http://alice:s3cr%40t@proxy.corp:3128'));
    assert.equal(endpoint?.authorization, `Basic ${Buffer.from('alice:s3cr@t').toString('base64')}`);
  });

  test('a proxy written without a scheme means http://, and the port defaults by scheme', () => {
    assert.equal(
      chooseProxy('https://a.example/', settings({ HTTPS_PROXY: 'proxy.corp:3128' }))?.display,
      'http://proxy.corp:3128',
    );
    assert.equal(proxyEndpointFor('https://a.example/', settings({}, 'http://proxy.corp'))?.port, 80);
    assert.equal(proxyEndpointFor('https://a.example/', settings({}, 'https://proxy.corp'))?.port, 443);
    assert.equal(proxyEndpointFor('https://a.example/', settings({}, 'http://[::1]:3128'))?.host, '::1');
  });
});

describe('NO_PROXY rules', () => {
  const cases: Array<[string, string, number, boolean]> = [
    ['*', 'anything.example', 443, true],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'api.example.com', 443, true],
    ['example.com', 'badexample.com', 443, false],
    ['.example.com', 'api.example.com', 443, true],
    ['.example.com', 'example.com', 443, true],
    ['*.example.com', 'deep.api.example.com', 443, true],
    ['*.example.com', 'example.org', 443, false],
    ['EXAMPLE.com', 'Api.Example.COM', 443, true],
    ['example.com:8443', 'api.example.com', 8443, true],
    ['example.com:8443', 'api.example.com', 443, false],
    ['127.0.0.1', '127.0.0.1', 80, true],
    ['127.0.0.1', '127.0.0.10', 80, false],
    ['127.0.0.1:9000', '127.0.0.1', 9001, false],
    ['10.0.0.0/8', '10.20.30.40', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['10.0.0.0/8', 'ten.example', 443, false],
    ['::1', '[::1]', 80, true],
    ['[::1]:8080', '::1', 8080, true],
    ['[::1]:8080', '::1', 8081, false],
    ['a.example, b.example', 'x.b.example', 443, true],
    ['a.example b.example', 'b.example', 443, true],
    ['', 'a.example', 443, false],
  ];
  for (const [noProxy, host, port, expected] of cases) {
    test(`NO_PROXY="${noProxy}" ${expected ? 'matches' : 'does not match'} ${host}:${port}`, () => {
      assert.equal(matchesNoProxy(host, port, noProxy), expected);
    });
  }
});

describe('bad proxy settings', () => {
  const expectUsage = (explicit: string, mustMention: RegExp) => {
    assert.throws(
      () => chooseProxy('https://a.example/', settings({}, explicit)),
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') &&
        mustMention.test(error.message) &&
        /http:\/\/host:port/.test(error.message),
    );
  };

  test('an unsupported scheme is a usage error saying how to write a proxy', () =>
    expectUsage('socks5://proxy:1080', /socks5/));
  test('a proxy URL that does not parse is a usage error naming its source', () =>
    expectUsage('http://proxy:notaport', /--proxy/));
  test('a proxy URL with a path is a usage error', () => expectUsage('http://proxy:3128/pac', /path/));

  test('a usage error from an environment variable names that variable', () => {
    assert.throws(() => chooseProxy('https://a.example/', settings({ HTTPS_PROXY: 'ftp://x' })), /HTTPS_PROXY/);
  });

  test('no error quotes the password of a malformed proxy URL', () => {
    for (const bad of [
      'http://alice:hunter2@proxy:notaport',
      'http://alice:hun@ter2@proxy:x',
      'alice:hunter2@proxy:99999999',
    ]) {
      assert.throws(
        () => chooseProxy('https://a.example/', settings({}, bad)),
        (error: Error) => !error.message.includes('hunter2') && !error.message.includes('ter2'),
      );
    }
  });

  test('redaction hides everything up to the last @', () => {
    assert.equal(redactProxyText('http://u:p@ss@host:1'), 'http://***@host:1');
    assert.equal(redactProxyText('u:p@host:1'), '***@host:1');
    assert.equal(redactProxyText('http://host:1'), 'http://host:1');
  });

  test('validateProxySettings checks HTTP_PROXY too, before any connection', () => {
    assert.throws(() => validateProxySettings(settings({ HTTP_PROXY: 'socks://x' })), /HTTP_PROXY/);
    assert.doesNotThrow(() => validateProxySettings(settings({ HTTPS_PROXY: 'http://ok:1' })));
  });

  test('a target that is not a URL is a config error that does not quote it', () => {
    assert.throws(
      () => chooseProxy('not a url/channels/secret-id', settings({})),
      (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG') && !error.message.includes('secret-id'),
    );
  });
});

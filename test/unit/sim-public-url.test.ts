import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePublicUrl } from '../../src/sim/public-url.js';

const base = (text: string) => {
  const parsed = parsePublicUrl(text);
  assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.problem}`);
  return parsed.base;
};
const problem = (text: string): string => {
  const parsed = parsePublicUrl(text);
  assert.ok(!parsed.ok, `${text} should be refused`);
  return parsed.problem;
};

test('https gives wss sockets, http gives ws, and a trailing slash is dropped', () => {
  assert.deepEqual(base('https://front.example:8443/'), {
    http: 'https://front.example:8443',
    ws: 'wss://front.example:8443',
    hostname: 'front.example',
  });
  assert.deepEqual(base('http://127.0.0.1:8080'), {
    http: 'http://127.0.0.1:8080',
    ws: 'ws://127.0.0.1:8080',
    hostname: '127.0.0.1',
  });
});

test('a ws or wss URL names the same front', () => {
  assert.equal(base('wss://front.example').http, 'https://front.example');
  assert.equal(base('ws://front.example').ws, 'ws://front.example');
});

test('a path is kept as a prefix of every URL', () => {
  assert.deepEqual(base('https://gw.example/genesys/'), {
    http: 'https://gw.example/genesys',
    ws: 'wss://gw.example/genesys',
    hostname: 'gw.example',
  });
});

test('an IPv6 front keeps its brackets in URLs and loses them in the host name', () => {
  const parsed = base('https://[::1]:9443');
  assert.equal(parsed.ws, 'wss://[::1]:9443');
  assert.equal(parsed.hostname, '::1');
});

test('anything else is refused with what is wrong', () => {
  assert.match(problem('front.example:8443'), /http:\/\/, https:\/\//);
  assert.match(problem('not a url'), /is not a URL/);
  assert.match(problem('ftp://front.example'), /not ftp:/);
  assert.match(problem('https://user:pw@front.example'), /user or password/);
  assert.match(problem('https://front.example/?a=1'), /query/);
  assert.match(problem('https://front.example/#top'), /fragment/);
});

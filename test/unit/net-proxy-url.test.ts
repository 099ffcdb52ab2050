import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { parseProxyUrl, proxyCredentialForms } from '../../src/net/proxy-url.js';

function scrubberFor(setting: string): SecretScrubber {
  const scrubber = new SecretScrubber();
  for (const form of proxyCredentialForms(setting)) scrubber.add(form);
  return scrubber;
}

test('every printable form of a proxy password is known to the scrubber', () => {
  const setting = 'http://probe:s3cret%40pass@proxy.corp:3128';
  const scrubber = scrubberFor(setting);
  const basic = parseProxyUrl(setting, '--proxy').authorization!;
  for (const leak of ['s3cret%40pass', 's3cret@pass', basic, basic.slice('Basic '.length)]) {
    assert.ok(!scrubber.scrub(`proxy said: ${leak}`).includes(leak), leak);
  }
});

test('a curl-style setting without a scheme, and a password with a raw @ or /, are covered too', () => {
  for (const [setting, password] of [
    ['probe:hunter2secret@proxy:3128', 'hunter2secret'],
    ['http://probe:pa@ss/word99@proxy:3128', 'pa@ss/word99'],
  ] as const) {
    assert.ok(!scrubberFor(setting).scrub(`x ${password} y`).includes(password), setting);
  }
});

test('a stray % in a password does not throw, and the password is still covered', () => {
  const setting = 'http://user:50%zzsecretpw@127.0.0.1:9';
  assert.doesNotThrow(() => proxyCredentialForms(setting));
  assert.ok(!scrubberFor(setting).scrub('50%zzsecretpw').includes('zzsecretpw'));
});

test('a proxy without credentials has nothing to hide', () => {
  assert.deepEqual(proxyCredentialForms('http://proxy.corp:3128'), []);
});

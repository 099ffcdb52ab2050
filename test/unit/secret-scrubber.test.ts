import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, SecretScrubber } from '../../src/log/secret-scrubber.js';

test('a known secret is replaced wherever it appears', () => {
  const scrubber = new SecretScrubber();
  scrubber.add('s3cr3t-token-value');
  assert.equal(
    scrubber.scrub('Bearer s3cr3t-token-value and s3cr3t-token-value'),
    `Bearer ${REDACTED} and ${REDACTED}`,
  );
});

test('a secret is also found in its JSON-escaped and URL-encoded forms', () => {
  const scrubber = new SecretScrubber();
  const secret = 'a"b\\c/d e+f';
  scrubber.add(secret);
  assert.ok(!scrubber.scrub(JSON.stringify({ secret })).includes('b\\\\c'));
  assert.equal(scrubber.scrub(`x=${encodeURIComponent(secret)}`), `x=${REDACTED}`);
});

test('a secret that contains another is removed whole', () => {
  const scrubber = new SecretScrubber();
  scrubber.add('abcdef');
  scrubber.add('abcdef-longer');
  assert.equal(scrubber.scrub('abcdef-longer'), REDACTED);
});

test('empty or very short values are not treated as secrets', () => {
  const scrubber = new SecretScrubber();
  scrubber.add('');
  scrubber.add(undefined);
  scrubber.add('abc');
  assert.equal(scrubber.scrub('abc text'), 'abc text');
});

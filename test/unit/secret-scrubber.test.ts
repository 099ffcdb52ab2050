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

test("an OAuth client's Basic header and its secret base64-encoded are removed, in every form a server echoes", () => {
  const scrubber = new SecretScrubber();
  const id = 'client-id-4c1e';
  const secret = 'client-secret-Qw9Er7Ty5Ui3?';
  scrubber.addClientCredentials(id, secret);
  const basic = Buffer.from(`${id}:${secret}`).toString('base64');
  const alone = Buffer.from(secret).toString('base64');
  const echoes = [
    `Authorization: Basic ${basic}`,
    `you sent Basic ${basic.replace(/=+$/, '')}`,
    `{"header":"Basic ${Buffer.from(`${id}:${secret}`).toString('base64url')}"}`,
    `?auth=${encodeURIComponent(basic)}`,
    `secret=${alone}`,
    `plain ${secret}`,
  ];
  for (const echo of echoes) {
    const out = scrubber.scrub(echo);
    assert.ok(out.includes(REDACTED), `nothing removed from ${echo}`);
    for (const form of [basic, basic.replace(/=+$/, ''), alone, secret])
      assert.ok(!out.includes(form), `${out} keeps ${form}`);
  }
  assert.equal(scrubber.scrub(`client ${id}`), `client ${id}`, 'the client id alone is not a secret');
});

test('a long run that renewed its token a hundred times still removes every token it had, the first as the last', () => {
  const scrubber = new SecretScrubber();
  const tokens = Array.from({ length: 100 }, (_, i) => `token-${i}-a.b*c+d?(e)[f]{g}|h^$\\i`);
  for (const token of tokens) scrubber.add(token);
  for (const token of [tokens[0], tokens[50], tokens[99]]) {
    assert.equal(scrubber.scrub(`Bearer ${token}!`), `Bearer ${REDACTED}!`);
    assert.equal(scrubber.scrub(JSON.stringify({ token })), JSON.stringify({ token: REDACTED }));
  }
  assert.equal(scrubber.scrub('a line with no secret in it'), 'a line with no secret in it');
  assert.equal(scrubber.scrub('token-1-a.b'), 'token-1-a.b', 'part of a token is not a token');
});

test('a form that holds a shorter one is still removed whole, never leaving its padding or escapes behind', () => {
  for (const renewals of [0, 40]) {
    const scrubber = new SecretScrubber();
    // 41 characters: its base64 ends in padding, which the URL-encoded form spells %3D.
    const id = 'client-id-4c1e';
    const secret = 'client-secret-Qw9Er7Ty5Ui3?ab';
    scrubber.addClientCredentials(id, secret);
    // Past a few dozen forms the scrubber looks for them all at once: the same must hold there.
    for (let renewal = 0; renewal < renewals; renewal += 1) scrubber.add(`renewed-token-${renewal}`);
    const basic = Buffer.from(`${id}:${secret}`).toString('base64');
    assert.match(basic, /=$/);
    assert.equal(scrubber.scrub(`?auth=${encodeURIComponent(basic)}&x`), `?auth=${REDACTED}&x`);
    assert.equal(scrubber.scrub(`Basic ${basic}.`), `Basic ${REDACTED}.`);
    assert.equal(scrubber.scrub(`Basic ${basic.replace(/=+$/, '')}.`), `Basic ${REDACTED}.`);
  }
});

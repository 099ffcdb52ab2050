import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdleprobeError } from '../../src/errors.js';
import { knownFailure, UnexpectedFailure } from '../../src/probe/failure.js';

function socketError(code: string): Error {
  return Object.assign(new Error(`read ${code}`), { code, errno: -104, syscall: 'read' });
}

test("the probe's own errors are known as they are", () => {
  const error = new IdleprobeError('IDLEPROBE_ERR_HTTP', 'GET /x failed with 503');
  assert.equal(knownFailure(error), error);
});

test('a socket error that escaped unwrapped is a network error, with its code', () => {
  for (const code of [
    'ECONNRESET',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_HAS_EXPIRED',
  ]) {
    const known = knownFailure(socketError(code));
    assert.equal(known?.code, 'IDLEPROBE_ERR_NETWORK', code);
    assert.match(known?.message ?? '', new RegExp(code));
  }
});

test('a TypeError, a misuse of a Node API or a thrown string is a bug, not a network error', () => {
  const misuse = Object.assign(new TypeError('The "path" argument must be of type string'), {
    code: 'ERR_INVALID_ARG_TYPE',
  });
  for (const thrown of [new TypeError('x is not a function'), misuse, 'a string', undefined]) {
    assert.equal(knownFailure(thrown), null, String(thrown));
  }
});

test('a bug reads as one line naming the throw, and keeps its stack', () => {
  const thrown = new TypeError('cannot read properties of undefined\n    (reading "id")');
  const failure = new UnexpectedFailure(thrown);
  assert.equal(failure.message.includes('\n'), false);
  assert.match(
    failure.message,
    /^unexpected failure, a bug in idleprobe .*TypeError: cannot read properties of undefined$/,
  );
  assert.equal(failure.thrownStack, thrown.stack);
  assert.equal(new UnexpectedFailure('plain').thrownStack, 'plain');
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { GenesysHttpError } from '../../src/genesys/http.js';
import { expandTopics, isUserContextError, needsUser, validateTopic } from '../../src/genesys/topics.js';

function httpError(status: number, serviceMessage: string | null): GenesysHttpError {
  return new GenesysHttpError({
    status,
    method: 'GET',
    path: '/api/v2/users/me',
    retryAfterMs: null,
    serviceMessage,
    correlationId: null,
  });
}

describe('topic helpers', () => {
  test('a topic list needs the user only when a topic names {me}', () => {
    assert.equal(needsUser(['v2.users.{me}.presence']), true);
    assert.equal(needsUser(['v2.routing.queues.abc.conversations']), false);
    assert.equal(needsUser([]), false);
  });

  test('{me} is replaced by the user id everywhere it appears', () => {
    const id = '4f2c1d6e-0000-4000-8000-000000000001';
    assert.deepEqual(expandTopics(['v2.users.{me}.presence', 'v2.users.{me}?presence&routingStatus', 'v2.x.y'], id), [
      `v2.users.${id}.presence`,
      `v2.users.${id}?presence&routingStatus`,
      'v2.x.y',
    ]);
  });

  test('well-formed topics pass validation, including combined topics', () => {
    for (const topic of [
      'v2.users.{me}.presence',
      'v2.users.4f2c1d6e-0000-4000-8000-000000000001.conversations',
      'v2.users.{me}?presence&routingStatus&conversationsummary',
      'v2.routing.queues.abc_1.conversations.calls',
    ]) {
      assert.doesNotThrow(() => validateTopic(topic), topic);
    }
  });

  const malformed: Array<[string, RegExp]> = [
    ['', /is empty/],
    ['   ', /is empty/],
    ['v2.users.{me}. presence', /white space/],
    ['presence', /not a topic name/],
    ['v2.users..presence', /empty part between dots/],
    ['.v2.users', /empty part between dots/],
    ['v2.users.{id}.presence', /placeholder \{id\}.*\{me\}/],
    ['v2.users.{me.presence', /unbalanced/],
    ['v2.users.me}.presence', /unbalanced/],
    ['v2.users.<id>.presence', /characters topic names never have/],
  ];
  for (const [topic, why] of malformed) {
    test(`"${topic}" is refused as a usage error saying why`, () => {
      assert.throws(
        () => validateTopic(topic),
        (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_USAGE') && why.test(error.message),
      );
    });
  }

  test('the users/me refusal of a client-credentials token is recognised as a user-context error', () => {
    const refusal = httpError(
      400,
      'This request requires a user context. Client credentials cannot be used for requests to this resource.',
    );
    assert.equal(isUserContextError(refusal), true);
  });

  test('other failures are not user-context errors', () => {
    assert.equal(isUserContextError(httpError(401, 'Invalid login credentials.')), false);
    assert.equal(isUserContextError(httpError(400, 'Bad request')), false);
    assert.equal(isUserContextError(httpError(500, 'requires a user context')), false);
    assert.equal(isUserContextError(new Error('requires a user context')), false);
    assert.equal(isUserContextError(undefined), false);
  });
});

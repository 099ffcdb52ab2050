import { IdleprobeError } from '../errors.js';
import { isGenesysHttpError } from './http-error.js';

/** The placeholder a person writes for "the user this token belongs to"; GET /api/v2/users/me fills it. */
export const ME = '{me}';

export function needsUser(topics: string[]): boolean {
  return topics.some((t) => t.includes(ME));
}

export function expandTopics(topics: string[], userId: string): string[] {
  return topics.map((t) => t.split(ME).join(userId));
}

/**
 * Catches the topic mistakes a person can make before the service sees them, with a message saying how to
 * fix each. Real topics look like `v2.users.{me}.presence`, `v2.routing.queues.<id>.conversations` or the
 * combined form `v2.users.<id>?presence&routingStatus`; the service judges the rest (permissions, names).
 */
export function validateTopic(topic: string): void {
  const fail = (why: string): never => {
    throw new IdleprobeError('IDLEPROBE_ERR_USAGE', `Topic "${topic}" ${why}`);
  };
  if (topic.trim() === '') fail('is empty: name a topic such as v2.users.{me}.presence.');
  if (/\s/.test(topic))
    fail('contains white space: topic names have none (separate several topics with commas or repeat the option).');
  if (!topic.includes('.')) fail('is not a topic name: topics are dotted paths such as v2.users.{me}.presence.');
  if (topic.startsWith('.') || topic.endsWith('.') || topic.includes('..')) {
    fail('has an empty part between dots: check for a missing id, as in v2.users..presence.');
  }
  const placeholders = topic.match(/\{[^{}]*\}/g) ?? [];
  const unknown = placeholders.find((p) => p !== ME);
  if (unknown) {
    fail(`contains the placeholder ${unknown}: replace it with a real id, or with {me} for the token's own user.`);
  }
  if (/[{}]/.test(topic.split(ME).join(''))) fail('has an unbalanced { or }: the only placeholder is {me}.');
  if (/[^A-Za-z0-9._\-{}?&:]/.test(topic)) {
    fail(
      'contains characters topic names never have: use letters, digits, dots, dashes and underscores (plus ?a&b for combined topics).',
    );
  }
}

/**
 * True when GET /api/v2/users/me was refused because the token has no user: a client-credentials token
 * gets 400 "This request requires a user context. Client credentials cannot be used for requests to this
 * resource." (observed against a real org). `{me}` cannot be filled with such a token.
 */
export function isUserContextError(error: unknown): boolean {
  if (!isGenesysHttpError(error) || (error.status !== 400 && error.status !== 403)) return false;
  return /user context|client credentials/i.test(error.serviceMessage ?? '');
}

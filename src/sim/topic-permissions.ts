import type * as v from 'valibot';
import { fields, text } from './scenario-fields.js';

/**
 * Topics the simulated token may not subscribe to. Documented: a subscription call reports each topic
 * as `Permitted` or `Rejected` (with `rejectionReason` and `missingPermissions`), and one rejected topic
 * fails the whole request with 403 unless `ignoreErrors=true`. Which permission a real topic needs is
 * the org's business, so a scenario (or the simulator's options) names the topics to refuse.
 */
export const deniedTopicSchema = fields({
  /** A topic name; `*` stands for any run of characters (`v2.routing.queues.*.conversations`). */
  topic: text(),
  /** The permission the token lacks, reported in `missingPermissions` (e.g. `routing:queue:view`). */
  permission: text(),
});

export type DeniedTopic = v.InferOutput<typeof deniedTopicSchema>;

/** The reason text of a rejected topic: not published, assumed. */
export const MISSING_PERMISSIONS_REASON = 'The token lacks the permissions this topic requires.';

/** The permissions a topic needs that the token lacks; empty when the topic is permitted. */
export function missingPermissionsFor(topic: string, denied: readonly DeniedTopic[]): string[] {
  const missing = new Set<string>();
  for (const rule of denied) if (topicPattern(rule.topic).test(topic)) missing.add(rule.permission);
  return [...missing];
}

const patterns = new Map<string, RegExp>();

function topicPattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${source}$`);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

import type { DeniedTopic } from './topic-permissions.js';

interface CatalogueTopic {
  id: string;
  description: string;
  requiresPermissions: string[];
  /** Topics about a user that only that user (or a holder of the permissions) may subscribe to. */
  requiresCurrentUserOrPermission: boolean;
  publicApiTemplateUriPaths: string[];
}

/**
 * A realistic slice of `GET /api/v2/notifications/availabletopics`: real topic names of the public
 * catalogue (users, routing, conversations, analytics observations) with the fields the SDK's
 * AvailableTopic model carries. Descriptions and permission lists are plausible, not copied from an org:
 * the real list depends on the org's products and the token's permissions.
 */
const CATALOGUE: readonly CatalogueTopic[] = [
  user('presence', "A user's presence changed.", '/api/v2/users/{id}/presences/{sourceId}'),
  user('routingStatus', "A user's routing status changed.", '/api/v2/users/{userId}/routingstatus'),
  user('conversations', 'A conversation the user takes part in changed.', '/api/v2/conversations/{conversationId}'),
  user('conversations.calls', 'A call the user takes part in changed.', '/api/v2/conversations/calls/{conversationId}'),
  user('conversations.chats', 'A chat the user takes part in changed.', '/api/v2/conversations/chats/{conversationId}'),
  user(
    'conversations.emails',
    'An email conversation the user takes part in changed.',
    '/api/v2/conversations/emails/{conversationId}',
  ),
  user(
    'conversations.messages',
    'A message conversation the user takes part in changed.',
    '/api/v2/conversations/messages/{conversationId}',
  ),
  user('conversationsummary', "The counts of the user's active conversations changed.", '/api/v2/users/{userId}'),
  user('activity', "The user's presence, routing status and queue activity changed.", '/api/v2/users/{userId}'),
  user('station', "The user's station association changed.", '/api/v2/users/{userId}/station'),
  user('outofoffice', "The user's out-of-office setting changed.", '/api/v2/users/{userId}/outofoffice'),
  user('geolocation', "The user's geolocation changed.", '/api/v2/users/{userId}/geolocations/{clientId}'),
  other('v2.routing.queues.{id}.conversations', 'A conversation in the queue changed.', [
    'routing:queue:view',
    'conversation:communication:view',
  ]),
  other('v2.routing.queues.{id}.users', 'A member of the queue changed.', ['routing:queueMember:manage']),
  other('v2.analytics.queues.{id}.observations', 'Real-time observations of the queue changed.', [
    'analytics:queueObservation:view',
  ]),
  other('v2.analytics.users.{id}.aggregates', "Aggregates of the user's activity changed.", [
    'analytics:userAggregate:view',
  ]),
  other('v2.detail.events.conversation.{id}.acw', 'An agent finished after-call work.', [
    'analytics:conversationDetail:view',
  ]),
  other('v2.contactcenter.scorecards', 'Contact centre scorecards changed.', ['analytics:conversationAggregate:view']),
];

function user(suffix: string, description: string, path: string): CatalogueTopic {
  return {
    id: `v2.users.{id}.${suffix}`,
    description,
    requiresPermissions: [],
    requiresCurrentUserOrPermission: true,
    publicApiTemplateUriPaths: [path],
  };
}

function other(id: string, description: string, requiresPermissions: string[]): CatalogueTopic {
  return {
    id,
    description,
    requiresPermissions,
    requiresCurrentUserOrPermission: false,
    publicApiTemplateUriPaths: [],
  };
}

/**
 * The catalogue as the service lists it. Topics a scenario refuses carry that permission in
 * `requiresPermissions`, so a client reading the catalogue can see why a subscription will be rejected.
 */
export function availableTopicsJson(denied: readonly DeniedTopic[]): { entities: Record<string, unknown>[] } {
  return {
    entities: CATALOGUE.map((topic) => {
      const extra = denied
        .filter((rule) => rule.topic.replaceAll('*', '{id}') === topic.id)
        .map((rule) => rule.permission);
      return {
        id: topic.id,
        description: topic.description,
        requiresPermissions: [...new Set([...topic.requiresPermissions, ...extra])],
        requiresDivisionPermissions: false,
        requiresAnyValidator: false,
        enforced: false,
        visibility: 'Public',
        requiresCurrentUser: false,
        requiresCurrentUserOrPermission: topic.requiresCurrentUserOrPermission,
        transports: ['Websocket', 'EventBridge'],
        publicApiTemplateUriPaths: topic.publicApiTemplateUriPaths,
        topicParameters: ['id'],
      };
    }),
  };
}

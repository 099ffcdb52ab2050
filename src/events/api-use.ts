import type { EventName } from './types.js';

/**
 * The events that stand for a REST call made with the run's token. Each one restarts the org's idle token
 * timer, so the probe's warning and the analysis count the token's quiet time from the same moments.
 */
export const API_USE_EVENTS: ReadonlySet<EventName> = new Set<EventName>([
  'token',
  'token-idle',
  'user',
  'channels',
  'channel',
  'subscribe',
  'resubscribe',
  'channel-check',
]);

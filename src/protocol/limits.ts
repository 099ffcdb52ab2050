/** The notification service's documented limits (protocol.md). */

/** Channels per user and OAuth client; creating a 21st removes the one used longest ago. */
export const CHANNELS_PER_OWNER = 20;

/** Topics one channel may be subscribed to; a subscription call that would pass it is refused (400). */
export const TOPICS_PER_CHANNEL = 1000;

/**
 * The longest lifetime an OAuth client can give its tokens (5 min to 48 h, 24 h by default): a longer
 * `expires_in` is not a figure the login service sends.
 */
export const TOKEN_LIFETIME_MAX_MS = 48 * 3_600_000;

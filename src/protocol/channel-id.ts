/**
 * A channel id is the WebSocket's only credential (protocol.md: the upgrade carries no token), so anything
 * a person may paste somewhere (an error message, the table, markdown, JUnit, the SVG timeline, the
 * evidence sentences) shows it by this one rule: its last characters, enough to tell channels apart and
 * to match an error with a report row, not enough to connect.
 */
export const SHORT_CHANNEL_ID_CHARS = 6;

/** `streaming-0-fmtdmf8cdis7jh14udg5p89t6z` -> `…p89t6z`; an id no longer than that stays as it is. */
export function shortChannelId(id: string): string {
  return id.length <= SHORT_CHANNEL_ID_CHARS ? id : `…${id.slice(-SHORT_CHANNEL_ID_CHARS)}`;
}

/** Shortens every channel id (`streaming-<n>-<id>`) found in text the service sent back. */
export function maskChannelIds(text: string): string {
  return text.replace(/streaming-\d+-[A-Za-z0-9]+/g, (id) => shortChannelId(id));
}

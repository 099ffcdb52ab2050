/**
 * A channel id is the WebSocket's only credential (protocol.md: the upgrade carries no token), so error
 * messages show it shortened: enough to tell channels apart, not enough to connect.
 */
export function shortChannelId(id: string): string {
  const prefix = /^streaming-\d+-/.exec(id)?.[0] ?? '';
  const rest = id.slice(prefix.length);
  return rest.length <= 4 ? `${prefix}****` : `${prefix}${rest.slice(0, 4)}...`;
}

/** Shortens every channel id (`streaming-<n>-<id>`) found in text the service sent back. */
export function maskChannelIds(text: string): string {
  return text.replace(/streaming-\d+-[A-Za-z0-9]+/g, (id) => shortChannelId(id));
}

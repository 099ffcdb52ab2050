import type { RunSummary } from '../analysis/summary.js';
import { SHORT_CHANNEL_ID_CHARS, shortChannelId } from '../protocol/channel-id.js';

/**
 * Shortens every channel id of the summary wherever it turns up in free text (a close reason or a socket
 * error can quote one). One pass over the text whatever the number of channels (a soak may hold
 * thousands), trying the longest ids first so no id hides inside another.
 */
export function channelIdShortener(summary: RunSummary): (text: string) => string {
  const channels = [...new Set([...summary.closures, ...summary.endedByProbe].map((row) => row.channel))]
    .filter((channel) => channel.length > SHORT_CHANNEL_ID_CHARS)
    .sort((a, b) => b.length - a.length);
  if (channels.length === 0) return (text) => text;
  const anyChannel = new RegExp(
    channels.map((channel) => channel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  return (text) => text.replace(anyChannel, (channel) => shortChannelId(channel));
}

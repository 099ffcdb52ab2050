import type { RunSummary } from '../analysis/summary.js';
import { SHORT_CHANNEL_ID_CHARS, shortChannelId } from '../protocol/channel-id.js';

/** How many first characters of an id are searched for: ids mostly share theirs, so few different ones. */
const PREFIX_CHARS = 4;
/** Beyond this many different beginnings, every position of a text is looked at rather than each beginning searched for. */
const PREFIXES_SEARCHED = 16;

/**
 * Shortens every channel id of the summary wherever it turns up in free text (a close reason or a socket
 * error can quote one). Where ids overlap, the leftmost wins, and the longest of those starting there, so
 * no id hides inside another. The cost of a text grows with its length, never with the number of
 * channels (a soak may hold a hundred thousand): ids are found by their first few characters (one search
 * per different beginning, and ids mostly share theirs, `streaming-0-`), then looked up whole, once per
 * different id length.
 */
export function channelIdShortener(summary: RunSummary): (text: string) => string {
  const channels = new Set<string>();
  for (const rows of [summary.closures, summary.endedByProbe])
    for (const row of rows) if (row.channel.length > SHORT_CHANNEL_ID_CHARS) channels.add(row.channel);
  if (channels.size === 0) return (text) => text;
  const lengths = [...new Set([...channels].map((channel) => channel.length))].sort((a, b) => b - a);
  const prefixes = [...new Set([...channels].map((channel) => channel.slice(0, PREFIX_CHARS)))];
  const known = new Set(prefixes);
  const nextStart =
    prefixes.length <= PREFIXES_SEARCHED
      ? (text: string, from: number): number => {
          let first = -1;
          for (const prefix of prefixes) {
            const at = text.indexOf(prefix, from);
            if (at !== -1 && (first === -1 || at < first)) first = at;
          }
          return first;
        }
      : (text: string, from: number): number => {
          for (let at = from; at + PREFIX_CHARS <= text.length; at += 1)
            if (known.has(text.slice(at, at + PREFIX_CHARS))) return at;
          return -1;
        };
  return (text) => {
    let out = '';
    let copied = 0;
    let from = 0;
    for (;;) {
      const at = nextStart(text, from);
      if (at === -1) break;
      const length = lengths.find((length) => channels.has(text.slice(at, at + length)));
      if (length === undefined) {
        from = at + 1;
        continue;
      }
      out += text.slice(copied, at) + shortChannelId(text.slice(at, at + length));
      copied = at + length;
      from = copied;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}

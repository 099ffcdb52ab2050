import type { RunSummary } from '../analysis/summary.js';
import { COLUMNS, closureCells, footerLines, headerLines, shortChannel } from './closure-cells.js';
import { causeLines, histogramLines, keepaliveLines, patternLines } from './explanation-lines.js';

/** How much of a channel id a shareable report keeps (the id is a credential: protocol.md). */
const CHANNEL_CHARS = 6;

/**
 * The summary as GitHub-flavoured markdown, ready to paste into a forum post or an issue. Channel ids
 * are cut to their last characters everywhere, including any that turn up inside a close reason or an
 * error text, because whoever holds a channel id can connect to that channel.
 */
export function renderMarkdown(summary: RunSummary): string {
  const redact = channelRedactor(summary);
  const text = (line: string): string => escapeText(redact(line));
  const cell = (value: string): string => text(value).replace(/\|/g, '\\|');
  const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

  // A list, so each fact keeps its own line when the post is rendered.
  const out = ['### idleprobe closures', '', ...headerLines(summary).map((line) => `- ${text(line)}`), ''];
  if (summary.closures.length > 0) {
    out.push(row(COLUMNS));
    out.push(`| ${COLUMNS.map((title) => (title === 'conn' ? '---:' : '---')).join(' | ')} |`);
    for (const closure of summary.closures)
      out.push(row(closureCells(closure, shortChannel(closure.channel, CHANNEL_CHARS))));
    out.push(
      '',
      '#### Causes',
      '',
      ...causeLines(summary, (id) => shortChannel(id, CHANNEL_CHARS)).map((line) => `- ${text(line)}`),
      '',
    );
    const patterns = patternLines(summary);
    const histogram = histogramLines(summary.patterns.ageHistogram);
    if (patterns.length > 0 || histogram.length > 0) {
      out.push('#### Across the closures', '', ...patterns.map((line) => `- ${text(line)}`), '');
      // A code block keeps the bars aligned; its content is never markup, but ids are still shortened.
      if (histogram.length > 0) out.push('Closure ages:', '', '```', ...histogram.map(redact), '```', '');
    }
  }
  const keepalive = keepaliveLines(summary);
  if (keepalive.length > 0) out.push('#### Keepalive verdict', '', ...keepalive.map((line) => `- ${text(line)}`), '');
  out.push(...footerLines(summary).map((line) => `- ${text(line)}`));
  return `${out.join('\n').trimEnd()}\n`;
}

/** Text from the wire (close reasons, errors, the target) must not turn into markup or new lines. */
function escapeText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_<>[\]])/g, '\\$1');
}

/** Shortens every known channel id wherever it appears, longest first so no id hides inside another. */
function channelRedactor(summary: RunSummary): (text: string) => string {
  const channels = [...new Set([...summary.closures, ...summary.endedByProbe].map((row) => row.channel))]
    .filter((channel) => channel.length > CHANNEL_CHARS)
    .sort((a, b) => b.length - a.length);
  return (text) =>
    channels.reduce((out, channel) => out.split(channel).join(shortChannel(channel, CHANNEL_CHARS)), text);
}

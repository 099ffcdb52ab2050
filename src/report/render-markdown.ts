import type { RunSummary } from '../analysis/summary.js';
import { channelIdShortener } from './channel-ids-in-text.js';
import { closureCells, columnSet, columnTitles } from './closure-cells.js';
import { causeLines, histogramLines, keepaliveLines, patternLines } from './explanation-lines.js';
import { footerLines, headerLines } from './run-lines.js';

/**
 * The summary as GitHub-flavoured markdown, ready to paste into a forum post or an issue. Channel ids
 * are shortened everywhere, including any that turn up inside a close reason or an
 * error text, because whoever holds a channel id can connect to that channel.
 */
export function renderMarkdown(summary: RunSummary): string {
  const redact = channelIdShortener(summary);
  const text = (line: string): string => escapeText(redact(line));
  const cell = (value: string): string => text(value).replace(/\|/g, '\\|');
  const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

  // A list, so each fact keeps its own line when the post is rendered.
  const out = ['### idleprobe closures', '', ...headerLines(summary).map((line) => `- ${text(line)}`), ''];
  if (summary.closures.length > 0) {
    const columns = columnSet(summary);
    const titles = columnTitles(columns);
    out.push(row(titles));
    out.push(`| ${titles.map((title) => (title === 'conn' ? '---:' : '---')).join(' | ')} |`);
    for (const closure of summary.closures) out.push(row(closureCells(closure, columns)));
    // One line at a time: spreading a soak's hundreds of thousands of lines into push() overflows the stack.
    out.push('', '#### Causes', '');
    for (const line of causeLines(summary)) out.push(`- ${text(line)}`);
    out.push('');
    const patterns = patternLines(summary);
    const histogram = histogramLines(summary.patterns.ageHistogram);
    if (patterns.length > 0 || histogram.length > 0) {
      out.push('#### Across the closures', '');
      for (const line of patterns) out.push(`- ${text(line)}`);
      out.push('');
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

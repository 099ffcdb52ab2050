import Table from 'cli-table3';
import type { RunSummary } from '../analysis/summary.js';
import { painter } from './ansi.js';
import { channelIdShortener } from './channel-ids-in-text.js';
import { closureCells, columnSet, columnTitles } from './closure-cells.js';
import { causeLines, histogramLines, keepaliveLines, patternLines } from './explanation-lines.js';
import { footerLines, headerLines } from './run-lines.js';

export interface TableOptions {
  /** ANSI colour; the caller decides (a TTY), and without it the text holds no escape code at all. */
  color: boolean;
}

/**
 * How many closures the terminal lists, row and cause line each. A soak's thousands of rows help nobody in
 * a terminal (the patterns below count them all), and cli-table3's layout time grows faster than its rows,
 * so past this the table stops and says how many more the JSON and markdown formats list.
 */
export const TABLE_ROW_LIMIT = 100;

/**
 * The summary as a terminal table (cli-table3), one row per closure, with the run's facts around it. What
 * a terminal shows gets pasted, so channel ids are shortened, also where a close reason quotes one.
 */
export function renderTable(summary: RunSummary, options: TableOptions): string {
  const paint = painter(options.color);
  const redact = channelIdShortener(summary);
  const out = headerLines(summary).map((line) => paint(line, 'bold'));
  if (summary.closures.length > 0) {
    const listed = summary.closures.slice(0, TABLE_ROW_LIMIT);
    const unlisted = summary.closures.length - listed.length;
    const columns = columnSet(summary);
    const titles = columnTitles(columns);
    const closeColumn = titles.indexOf('close');
    const table = new Table({
      // Two-line titles keep twelve columns within a wide terminal.
      head: titles.map((title) => paint(title.replace(' ', '\n'), 'cyan')),
      // cli-table3 would otherwise colour the head and border through its own colour library.
      style: { head: [], border: [] },
    });
    for (const row of listed) {
      const cells = closureCells(row, columns).map(redact);
      cells[closeColumn] = paint(cells[closeColumn] ?? '', row.clean ? 'yellow' : 'red');
      table.push(cells);
    }
    out.push(table.toString());
    if (unlisted > 0) out.push(unlistedLine(unlisted));
    out.push(
      paint('Causes:', 'bold'),
      ...causeLines({ ...summary, closures: listed }).map((line) => `  ${redact(line)}`),
    );
    if (unlisted > 0) out.push(`  ${unlistedLine(unlisted)}`);
    const patterns = patternLines(summary);
    const histogram = histogramLines(summary.patterns.ageHistogram);
    if (patterns.length > 0 || histogram.length > 0) {
      // One line at a time: a soak can have tens of thousands of clusters, too many to spread into push().
      out.push(paint('Across the closures:', 'bold'));
      for (const line of patterns) out.push(`  ${line}`);
      if (histogram.length > 0) out.push('  Closure ages:', ...histogram.map((line) => `    ${line}`));
    }
  }
  const keepalive = keepaliveLines(summary);
  if (keepalive.length > 0) out.push(paint('Keepalive verdict:', 'bold'), ...keepalive.map((line) => `  ${line}`));
  out.push(...footerLines(summary).map((line) => paint(line, 'dim')));
  return `${out.join('\n')}\n`;
}

function unlistedLine(unlisted: number): string {
  return `… and ${unlisted.toLocaleString('en-US')} more ${unlisted === 1 ? 'closure' : 'closures'}, not listed here: --format json or markdown lists every one.`;
}

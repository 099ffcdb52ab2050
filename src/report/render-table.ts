import Table from 'cli-table3';
import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import { type Paint, painter } from './ansi.js';
import { channelIdShortener } from './channel-ids-in-text.js';
import { type ColumnSet, closureCells, columnSet, columnTitles } from './closure-cells.js';
import { causeLines, histogramLines, keepaliveLines, patternLines } from './explanation-lines.js';
import { narrowBlock } from './narrow-blocks.js';
import { footerLines, headerLines } from './run-lines.js';
import { widestLine } from './visible-width.js';
import { wrapLines } from './wrap-text.js';

export interface TableOptions {
  /** ANSI colour; the caller decides (a TTY), and without it the text holds no escape code at all. */
  color: boolean;
  /**
   * The terminal's columns: lines wrap within them, and the table gives way to one block per closure when
   * it does not fit. Absent (a file, a pipe): the full table and whole lines, the same on every machine.
   */
  width?: number;
  /** The full table whatever the width (`--wide`); sentences still wrap. */
  wide?: boolean;
}

/** Which layout a summary gets: the full table when it fits the width (or is asked for), else blocks. */
export type TableLayout = 'table' | 'blocks';

export function chooseLayout(tableColumns: number, width: number | undefined, wide: boolean): TableLayout {
  return wide || width === undefined || tableColumns <= width ? 'table' : 'blocks';
}

/**
 * How many closures the terminal lists, row and cause line each. A soak's thousands of rows help nobody in
 * a terminal (the patterns below count them all), and cli-table3's layout time grows faster than its rows,
 * so past this the table stops and says how many more the JSON and markdown formats list.
 */
export const TABLE_ROW_LIMIT = 100;

/**
 * The summary for a terminal, one row (or block) per closure, with the run's facts around it. What a
 * terminal shows gets pasted, so channel ids are shortened, also where a close reason quotes one.
 */
export function renderTable(summary: RunSummary, options: TableOptions): string {
  const paint = painter(options.color);
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const redact = channelIdShortener(summary);
  const out = wrapLines(headerLines(summary), width, '', '  ').map((line) => paint(line, 'bold'));
  if (summary.closures.length > 0) {
    const listed = summary.closures.slice(0, TABLE_ROW_LIMIT);
    const unlisted = summary.closures.length - listed.length;
    const columns = columnSet(summary);
    const table = closureTable(listed, columns, paint, redact);
    if (chooseLayout(widestLine(table), options.width, options.wide === true) === 'table') {
      out.push(table);
      if (unlisted > 0) out.push(...wrapLines([unlistedLine(unlisted)], width));
      out.push(
        paint('Causes:', 'bold'),
        ...wrapLines(causeLines({ ...summary, closures: listed }).map(redact), width, '  ', '    '),
      );
    } else {
      // Each block carries its own cause and evidence: no separate list of causes below.
      out.push(paint('Closures:', 'bold'));
      for (const row of listed) out.push('', ...narrowBlock(row, columns, width, paint, redact));
      out.push('');
    }
    if (unlisted > 0) out.push(...wrapLines([unlistedLine(unlisted)], width, '  ', '    '));
    const patterns = patternLines(summary);
    const histogram = histogramLines(summary.patterns.ageHistogram);
    if (patterns.length > 0 || histogram.length > 0) {
      out.push(paint('Across the closures:', 'bold'));
      // One line at a time: a soak can have tens of thousands of clusters, too many to spread into push().
      for (const line of patterns) for (const wrapped of wrapLines([line], width, '  ', '    ')) out.push(wrapped);
      if (histogram.length > 0) out.push('  Closure ages:', ...wrapLines(histogram, width, '    ', '      '));
    }
  }
  const keepalive = keepaliveLines(summary);
  if (keepalive.length > 0) out.push(paint('Keepalive verdict:', 'bold'), ...wrapLines(keepalive, width, '  ', '    '));
  out.push(...wrapLines(footerLines(summary), width, '', '  ').map((line) => paint(line, 'dim')));
  // The blank line after the last block is not needed when nothing follows it.
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}

function closureTable(
  rows: readonly ClosureRow[],
  columns: ColumnSet,
  paint: Paint,
  redact: (text: string) => string,
): string {
  const titles = columnTitles(columns);
  const closeColumn = titles.indexOf('close');
  const table = new Table({
    // Two-line titles keep twelve columns within a wide terminal.
    head: titles.map((title) => paint(title.replace(' ', '\n'), 'cyan')),
    // cli-table3 would otherwise colour the head and border through its own colour library.
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    const cells = closureCells(row, columns).map(redact);
    cells[closeColumn] = paint(cells[closeColumn] ?? '', row.clean ? 'yellow' : 'red');
    table.push(cells);
  }
  return table.toString();
}

function unlistedLine(unlisted: number): string {
  return `… and ${unlisted.toLocaleString('en-US')} more ${unlisted === 1 ? 'closure' : 'closures'}, not listed here: --format json or markdown lists every one.`;
}

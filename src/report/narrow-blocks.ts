import type { ClosureRow } from '../analysis/summary.js';
import type { Paint } from './ansi.js';
import { type ColumnSet, closureCells, columnTitles } from './closure-cells.js';
import { connectionName } from './explanation-lines.js';
import { wrapText } from './wrap-text.js';

/** Columns the block's title already names: a key line for them would only repeat it. */
const IN_TITLE = new Set(['channel', 'conn']);

/** Below this many columns for values, the values stop lining up and go below their key. */
const MIN_VALUE_COLUMNS = 24;

/**
 * One closure as a block of `key: value` lines, for a terminal too narrow for the table: the same cells
 * the table has, then the cause and its evidence, each value wrapped under the one before it. The title
 * names the connection as the cause lines do.
 */
export function narrowBlock(
  row: ClosureRow,
  columns: ColumnSet,
  width: number,
  paint: Paint,
  redact: (text: string) => string,
): string[] {
  const titles = columnTitles(columns);
  const cells = closureCells(row, columns).map(redact);
  const pairs: Array<[string, string]> = titles.map((title, i) => [title, cells[i] ?? '']);
  const shown = pairs.filter(([key]) => !IN_TITLE.has(key));
  shown.push(['cause', `${row.cause} (${row.confidence})`], ['evidence', redact(row.evidence)]);
  const keyWidth = Math.max(...shown.map(([key]) => key.length)) + 2;
  const aligned = width - 2 - keyWidth >= MIN_VALUE_COLUMNS;
  const lines = wrapText(redact(connectionName(row)), width, '', '  ').map((line) => paint(line, 'bold'));
  for (const [key, value] of shown) {
    // Too narrow to line the values up: a value after its key when both fit a line, else below it.
    const inline = aligned || `  ${key}: ${value}`.length <= width;
    if (!inline) lines.push(...wrapText(`${key}:`, width, '  ', '    '));
    const first = aligned ? `  ${key}:`.padEnd(2 + keyWidth) : inline ? `  ${key}: ` : '    ';
    const rest = aligned ? ' '.repeat(2 + keyWidth) : '    ';
    const wrapped = wrapText(value, width, first, rest);
    if (key !== 'close') lines.push(...wrapped);
    else {
      // The close keeps the table's colour: red without a close frame, yellow with one.
      lines.push(...wrapped.map((line, i) => paintValue(line, i === 0 ? first.length : rest.length, paint, row)));
    }
  }
  return lines;
}

function paintValue(line: string, at: number, paint: Paint, row: ClosureRow): string {
  return line.slice(0, at) + paint(line.slice(at), row.clean ? 'yellow' : 'red');
}

import { stripVTControlCharacters } from 'node:util';

/**
 * The columns a line takes on a terminal: its characters without the colour escapes, which take none. The
 * report writes only single-width characters (box drawing, `…`, `█`, `–`), so a character is a column.
 */
export function visibleWidth(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

/** The widest line of a block of text, in columns. */
export function widestLine(text: string): number {
  return text.split('\n').reduce((widest, line) => Math.max(widest, visibleWidth(line)), 0);
}

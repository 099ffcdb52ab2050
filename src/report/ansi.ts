/**
 * The few terminal styles the table uses, written out rather than left to a colour library that decides
 * for itself whether the terminal supports colour: the caller decides (from `stream.isTTY`), and with
 * colour off not a single escape code may appear.
 */
const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof CODES;

export type Paint = (text: string, ...styles: Style[]) => string;

export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.reduce((out, style) => `\u001b[${CODES[style][0]}m${out}\u001b[${CODES[style][1]}m`, text);
}

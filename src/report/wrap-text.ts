/**
 * Where a line may not break: inside a duration (`14m 59.0s`, `1h 02m 03.0s`) and between a word that
 * names a thing and its number (`conn 3`, `lane 2`), so a wrapped sentence still reads and still greps.
 * The glue is a private-use character no report text holds, put back as a space after wrapping.
 */
const GLUE = '\uE000';
const UNBREAKABLE = [/(\d+[hm]) (?=\d)/g, /\b(conn|connection|lane|run|keepalive) (?=[\d…])/g];

/**
 * One line of text as lines of at most `width` columns: `first` before the first, `rest` (a hanging
 * indent) before the others. Breaks at spaces; a word is cut only when it is longer than a line can hold.
 * `width` Infinity leaves the line whole. The text must be plain: colour goes on after wrapping.
 */
export function wrapText(text: string, width: number, first = '', rest = first): string[] {
  if (!Number.isFinite(width) || first.length + [...text].length <= width) return [first + text];
  // A prefix that leaves no room would make every line overflow: then lines start at the margin.
  const lead = first.length < width ? first : '';
  const hang = rest.length < width ? rest : '';
  let glued = text;
  for (const pattern of UNBREAKABLE) glued = glued.replace(pattern, `$1${GLUE}`);
  const lines: string[] = [];
  let line = lead;
  let hasWord = false;
  for (const word of glued.split(' ')) {
    const chars = [...word];
    const widthNow = [...line].length;
    if (hasWord && widthNow + 1 + chars.length <= width) {
      line += ` ${word}`;
      continue;
    }
    if (!hasWord && widthNow + chars.length <= width) {
      line += word;
      hasWord = word !== '';
      continue;
    }
    if (hasWord) {
      lines.push(line);
      line = hang;
      hasWord = false;
      // Runs of spaces (padding) do not carry over to the start of the next line.
      if (word === '') continue;
    }
    // A word longer than a whole line: cut it, as little as the width allows.
    let left = chars;
    while ([...line].length + left.length > width) {
      const room = width - [...line].length;
      lines.push(line + left.slice(0, room).join(''));
      left = left.slice(room);
      line = hang;
    }
    line += left.join('');
    hasWord = left.length > 0;
  }
  if (hasWord || lines.length === 0) lines.push(line);
  return lines.map((wrapped) => wrapped.replaceAll(GLUE, ' '));
}

/** Each line wrapped alike: a list of report lines as the lines a terminal of `width` columns shows. */
export function wrapLines(lines: readonly string[], width: number, first = '', rest = first): string[] {
  return lines.flatMap((line) => wrapText(line, width, first, rest));
}

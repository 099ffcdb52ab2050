/**
 * The longest line a log reader takes in, in bytes. No event idleprobe writes comes near it (the largest,
 * a `subscribe` of 1,000 topics or a `path` with a certificate chain, is tens of kilobytes); a longer line
 * is not held in memory at all, whatever its length, so reading stays in constant memory.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/** One line of a file, without its newline: its text, or only the fact that it was too long to keep. */
export type RawLine = { number: number; text: string } | { number: number; tooLong: true };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines at `\n`, numbered from 1, holding at most `maxBytes` of one line: the
 * rest of a longer one is dropped as it streams by and the line comes out as `tooLong`. A last line
 * without its newline comes out too. Text is decoded as UTF-8 once a line is whole, so a character split
 * across two chunks is never mangled. Lines come out in batches, those each chunk completes: one await per
 * chunk rather than per line. The lines a chunk holds whole are decoded together, in one piece, and cut
 * apart as text: a newline byte is never part of a UTF-8 character, so this reads the same characters as
 * decoding each line alone, for a fraction of the cost on a log of short lines.
 */
export async function* readLines(
  input: AsyncIterable<Buffer | string>,
  maxBytes: number = MAX_LINE_BYTES,
): AsyncGenerator<RawLine[]> {
  let pieces: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  let number = 0;
  const take = (): RawLine => {
    number += 1;
    const line: RawLine = tooLong ? { number, tooLong: true } : { number, text: decode(pieces, held) };
    pieces = [];
    held = 0;
    tooLong = false;
    return line;
  };
  /** Adds bytes to the line being held, or notes that it is too long to hold. */
  const hold = (bytes: Buffer): void => {
    if (tooLong || bytes.length === 0) return;
    if (held + bytes.length > maxBytes) {
      tooLong = true;
      pieces = [];
      held = 0;
    } else {
      pieces.push(bytes);
      held += bytes.length;
    }
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const first = bytes.indexOf(NEWLINE);
    if (first === -1) {
      hold(bytes);
      continue;
    }
    // The line held from earlier chunks ends at the first newline.
    hold(bytes.subarray(0, first));
    const batch: RawLine[] = [take()];
    const last = bytes.lastIndexOf(NEWLINE);
    if (last > first) {
      const text = bytes.toString('utf8', first + 1, last);
      // Where each line starts in the bytes, found only for a line that may be too long (those are few:
      // each is a third of the cap or more), by walking the newlines from the last one found.
      let byteLine = 0;
      let byteStart = first + 1;
      let start = 0;
      for (let index = 0; ; index += 1) {
        const newline = text.indexOf('\n', start);
        const end = newline === -1 ? text.length : newline;
        number += 1;
        // Every UTF-16 unit decodes from at most three bytes (a stray byte becomes one U+FFFD), so a line of
        // at most a third of the cap in units fits; a longer one is measured in its bytes.
        let fits = (end - start) * 3 <= maxBytes;
        if (!fits) {
          for (; byteLine < index; byteLine += 1) byteStart = bytes.indexOf(NEWLINE, byteStart) + 1;
          const byteEnd = newline === -1 ? last : bytes.indexOf(NEWLINE, byteStart);
          fits = byteEnd - byteStart <= maxBytes;
        }
        batch.push(fits ? { number, text: text.slice(start, end) } : { number, tooLong: true });
        if (newline === -1) break;
        start = newline + 1;
      }
    }
    hold(bytes.subarray(last + 1));
    yield batch;
  }
  if (held > 0 || tooLong) yield [take()];
}

function decode(pieces: Buffer[], length: number): string {
  if (pieces.length === 0) return '';
  if (pieces.length === 1) return (pieces[0] as Buffer).toString('utf8');
  return Buffer.concat(pieces, length).toString('utf8');
}

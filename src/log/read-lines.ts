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
 * chunk rather than per line.
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
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const batch: RawLine[] = [];
    let start = 0;
    while (start < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.length : newline;
      if (!tooLong && end > start) {
        if (held + (end - start) > maxBytes) {
          tooLong = true;
          pieces = [];
          held = 0;
        } else {
          pieces.push(bytes.subarray(start, end));
          held += end - start;
        }
      }
      if (newline === -1) break;
      batch.push(take());
      start = newline + 1;
    }
    if (batch.length > 0) yield batch;
  }
  if (held > 0 || tooLong) yield [take()];
}

function decode(pieces: Buffer[], length: number): string {
  if (pieces.length === 0) return '';
  if (pieces.length === 1) return (pieces[0] as Buffer).toString('utf8');
  return Buffer.concat(pieces, length).toString('utf8');
}

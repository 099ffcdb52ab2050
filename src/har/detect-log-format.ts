/** How much of an input is looked at, at most, to tell a HAR from an event log. */
const SNIFF_BYTES = 4096;

const HAR_START = /^\s*\{\s*"log"\s*:/;
/** The start of a HAR, as far as it has come: whitespace, `{`, then as much of `"log":` as there is. */
const MAYBE_HAR = /^\s*(\{\s*("(l(o(g("\s*)?)?)?)?)?)?$/;

export type LogFormat = 'har' | 'ndjson';

/** An input whose first bytes were looked at: its format, and all its bytes, those looked at included. */
export interface SniffedInput {
  format: LogFormat;
  chunks: AsyncIterable<Buffer | string>;
}

/**
 * `har` when the input is a HAR document (a JSON object whose first key is `log`, as every browser writes
 * it), else `ndjson`. Decided by content, not by the file name (exported files get renamed), and on the
 * stream itself, reading only as far as needed, so standard input and pipes work like files.
 */
export async function sniffLogFormat(input: AsyncIterable<Buffer | string>): Promise<SniffedInput> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let format: LogFormat | null = null;
  while (format === null) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    length += chunk.length;
    format = formatOf(Buffer.concat(head, length).subarray(0, SNIFF_BYTES).toString('utf8'), length >= SNIFF_BYTES);
  }
  return { format: format ?? 'ndjson', chunks: replay(head, iterator) };
}

/** The format the first bytes show, or null while they could still begin either. */
function formatOf(text: string, enough: boolean): LogFormat | null {
  const start = text.replace(/^\uFEFF/, '');
  if (HAR_START.test(start)) return 'har';
  return enough || !MAYBE_HAR.test(start) ? 'ndjson' : null;
}

/** The chunks already read, then the rest; the source is told when its reader stops early. */
async function* replay(
  head: Buffer[],
  iterator: AsyncIterator<Buffer | string>,
): AsyncGenerator<Buffer | string, void, undefined> {
  try {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

import { type FileHandle, open } from 'node:fs/promises';

/** How much of a file is looked at to tell a HAR from an event log. */
const SNIFF_BYTES = 4096;

/**
 * `har` when the file is a HAR document (a JSON object whose first key is `log`, as every browser writes
 * it), else `ndjson`. Decided by content, not by the file name: exported files get renamed.
 */
export async function detectLogFormat(file: string): Promise<'har' | 'ndjson'> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    // The reader that follows reports an unreadable file in its own words.
    return 'ndjson';
  }
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return /^\s*\{\s*"log"\s*:/.test(head) ? 'har' : 'ndjson';
  } finally {
    await handle.close();
  }
}

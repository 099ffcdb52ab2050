import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdleprobeError } from '../errors.js';

/** Only the user who ran idleprobe may read what it sets aside (channel ids are credentials while they live). */
const SPILL_MODE = 0o600;
/** How much of the file is read back at a time. */
const READ_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Records set aside on disk rather than held in memory, one JSON line each, and read back in the order they
 * were added, as often as needed: what a long run or a soak's report accumulates (its closures) costs a
 * file, not the heap. Plain synchronous writes and reads on a private file: the callers are synchronous,
 * and a record is written once and read back a handful of times.
 *
 * The file is made in a folder of its own under the system's temporary folder and, where the system allows
 * (not Windows), unlinked at once while it stays open: a run that crashes or is killed leaves nothing
 * behind. Only JSON round-trips through it: plain objects of strings, finite numbers, booleans and null.
 */
export class SpillFile<T> {
  private readonly fd: number;
  private readonly folder: string;
  private size = 0;
  private count = 0;
  private closed = false;

  private constructor(folder: string) {
    this.folder = folder;
    const path = join(folder, 'records.ndjson');
    this.fd = openSync(path, 'w+', SPILL_MODE);
    try {
      unlinkSync(path);
      rmSync(folder, { recursive: true });
    } catch {
      // Windows keeps an open file's name: it is removed at close instead.
    }
  }

  /** A new, empty spill file, or null when the temporary folder cannot take one (then keep records in memory). */
  static open<T>(parent: string = tmpdir()): SpillFile<T> | null {
    let folder: string | null = null;
    try {
      folder = mkdtempSync(join(parent, 'idleprobe-spill-'));
      return new SpillFile<T>(folder);
    } catch {
      if (folder !== null) rmSync(folder, { recursive: true, force: true });
      return null;
    }
  }

  /** How many records it holds. */
  get length(): number {
    return this.count;
  }

  /**
   * Adds a record. False when it could not be written (a full disk): the file is cut back to its last whole
   * record, and the caller keeps that record, and any later one, itself.
   */
  append(record: T): boolean {
    if (this.closed) return false;
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`);
    try {
      let written = 0;
      while (written < bytes.length)
        written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    } catch {
      return false;
    }
    this.size += bytes.length;
    this.count += 1;
    return true;
  }

  /** Every record, in the order added. */
  *records(): Generator<T> {
    const chunk = Buffer.alloc(READ_CHUNK_BYTES);
    let carried: Buffer[] = [];
    let position = 0;
    while (position < this.size) {
      const read = this.read(chunk, position);
      position += read;
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE, 0); end !== -1 && end < read; end = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, end);
        const line = carried.length === 0 ? piece : Buffer.concat([...carried, piece]);
        carried = [];
        yield JSON.parse(line.toString('utf8')) as T;
        start = end + 1;
      }
      // What follows the last newline is the start of a record the next chunk ends: copied, since the chunk is reused.
      if (start < read) carried.push(Buffer.from(chunk.subarray(start, read)));
    }
  }

  /** Closes and removes the file; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.folder, { recursive: true, force: true });
  }

  private read(chunk: Buffer, position: number): number {
    try {
      const read = readSync(this.fd, chunk, 0, Math.min(chunk.length, this.size - position), position);
      if (read === 0) throw new Error('the file ended early');
      return read;
    } catch (error) {
      throw new IdleprobeError(
        'IDLEPROBE_ERR_LOG',
        `cannot read back what was set aside in the temporary folder (${(error as Error).message}); ` +
          'check the temporary folder (TMPDIR) and run again',
        { cause: error },
      );
    }
  }
}

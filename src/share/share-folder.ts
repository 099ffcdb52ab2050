import { mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { IdleprobeError } from '../errors.js';

/**
 * Checks, before anything is read, that `--share` may write to `dir`: a folder that does not exist yet, or
 * an empty one. The folder is meant to be attached or posted as it is, so an existing `summary.md` (a
 * share made earlier) or a file that has nothing to do with it is never overwritten or posted by mistake.
 */
export function checkShareFolder(dir: string): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw refused(dir, 'is a file, not a folder');
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof IdleprobeError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw refused(dir, `cannot be read: ${(error as Error).message}`);
  }
  if (entries.length > 0) {
    const named = entries.includes('summary.md') ? 'holds the summary.md of an earlier share' : 'is not empty';
    throw refused(dir, `${named} (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})`);
  }
}

function refused(dir: string, why: string): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `--share "${dir}" ${why}: give a new or empty folder, so that everything in it is what the share wrote and nothing is overwritten.`,
  );
}

/**
 * The share folder being written: it is created (or found empty), every file goes in with an exclusive
 * create, and when anything fails (a full disk) every file written is removed again, with the folder if
 * this share made it, so no truncated file is left to be posted.
 */
export class ShareFolder {
  private readonly written: string[] = [];
  private readonly created: boolean;

  constructor(readonly dir: string) {
    checkShareFolder(dir);
    try {
      this.created = mkdirSync(dir, { recursive: true }) !== undefined;
    } catch (error) {
      throw new IdleprobeError(
        'IDLEPROBE_ERR_USAGE',
        `cannot create the share folder "${dir}": ${(error as Error).message}. Give a folder you can write to.`,
        { cause: error },
      );
    }
  }

  /** Every file written so far, in the order written. */
  files(): string[] {
    return [...this.written];
  }

  /** A new file in the folder, written in large pieces; `close` hands it to the disk and reports any failure. */
  async create(path: string): Promise<ShareFile> {
    this.written.push(path);
    try {
      return new ShareFile(path, await open(path, 'wx'));
    } catch (error) {
      throw cannotWrite(path, error);
    }
  }

  /** Removes what this share wrote, after a failure. */
  discard(): void {
    for (const path of this.written) rmSync(path, { force: true });
    if (this.created) {
      try {
        rmdirSync(this.dir);
      } catch {
        // Something else was put in it meanwhile: it stays.
      }
    }
  }
}

/** Bytes gathered before one write: few system calls, and memory bounded whatever the file's size. */
const PIECE_BYTES = 64 * 1024;

export class ShareFile {
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= PIECE_BYTES) await this.flush();
  }

  /** Writes what is left, syncs (a full disk can show only then on some filesystems) and closes. */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.handle.sync();
    } catch (error) {
      throw error instanceof IdleprobeError ? error : cannotWrite(this.path, error);
    } finally {
      await this.handle.close();
    }
  }

  /** Closes without caring about errors, after another failure. */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {});
  }

  private async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    try {
      // writeFile, unlike write, goes on until every byte is written.
      await this.handle.writeFile(text);
    } catch (error) {
      throw cannotWrite(this.path, error);
    }
  }
}

function cannotWrite(path: string, error: unknown): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG',
    `cannot write ${path} in the share folder: ${(error as Error).message}. Nothing was left in the folder: free some space or give another folder.`,
    { cause: error },
  );
}

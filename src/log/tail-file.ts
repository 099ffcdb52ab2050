import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import type { Clock } from '../clock/clock.js';
import { IdleprobeError } from '../errors.js';

/**
 * How often a followed log is looked at. Polling, not fs.watch: the log is often on a share (SMB, NFS)
 * written by another machine, where change notifications never arrive, and a stat of one file four times a
 * second costs nothing.
 */
export const TAIL_POLL_MS = 250;

/** The most a single read takes in: a log that grew by gigabytes is read in pieces, not held. */
const READ_BYTES = 256 * 1024;

/** Why a tail ended. */
export type TailEnd =
  /** The reader said it had what it wanted (a run-end with nothing after it). */
  | 'done'
  /** The stop signal (Ctrl-C). */
  | 'stopped'
  /** The file got shorter than what was read: truncated or overwritten in place. */
  | 'truncated'
  /** Another file now has the path, or the path is gone (rotated, moved or deleted). */
  | 'replaced';

/** Things worth telling the person watching, as they happen. */
export type TailNotice = { kind: 'waiting' } | { kind: 'appeared' };

export interface TailOptions {
  clock: Clock;
  /** Aborted to stop following (Ctrl-C): the tail ends at once, with what it read. */
  signal: AbortSignal;
  /** Asked whenever the file has no new bytes: true ends the tail ('done'). */
  isDone(): boolean;
  onNotice?(notice: TailNotice): void;
  /** Told each time everything written so far has been read and the tail is about to wait. */
  onIdle?(): void;
  pollMs?: number;
}

/**
 * Follows a growing file, yielding its bytes as they are written: from the start, then each addition,
 * until `isDone` says so, the signal stops it, or the file is truncated or replaced (`end` says which).
 * A file that does not exist yet is waited for. Bytes are yielded as they are, so a line still being
 * written stays with the line reader until its newline arrives. The last bytes of a file that is replaced
 * are still read from the open handle before the tail ends.
 */
export class FileTail {
  private ended: TailEnd | null = null;

  constructor(
    private readonly path: string,
    private readonly options: TailOptions,
  ) {}

  /** Why the tail ended; null while it runs. */
  get end(): TailEnd | null {
    return this.ended;
  }

  async *chunks(): AsyncGenerator<Buffer> {
    const handle = await this.openWhenThere();
    if (!handle) return;
    try {
      const { ino } = await handle.stat();
      let position = 0;
      for (;;) {
        // A stop is honoured between reads too: a long log read from its start need not be read to its end.
        if (this.options.signal.aborted) {
          this.ended = 'stopped';
          return;
        }
        // A fresh buffer each time: the line reader keeps pieces of a line still being written.
        const buffer = Buffer.allocUnsafe(READ_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
        if (bytesRead > 0) {
          position += bytesRead;
          yield buffer.subarray(0, bytesRead);
          continue;
        }
        // Nothing new: a file now shorter than what was read was truncated (or written again from the start).
        if ((await handle.stat()).size < position) {
          this.ended = 'truncated';
          return;
        }
        if (this.options.isDone()) {
          this.ended = 'done';
          return;
        }
        if (await this.replaced(ino)) {
          this.ended = 'replaced';
          return;
        }
        this.options.onIdle?.();
        if (!(await this.pause())) {
          this.ended = 'stopped';
          return;
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** The open file, once it exists; null when stopped before it appeared. */
  private async openWhenThere(): Promise<FileHandle | null> {
    let told = false;
    for (;;) {
      try {
        const handle = await open(this.path, 'r');
        if ((await handle.stat()).isDirectory()) {
          await handle.close();
          throw new IdleprobeError(
            'IDLEPROBE_ERR_USAGE',
            `${this.path} is a folder: give report --follow the event log a run writes (run --log FILE).`,
          );
        }
        if (told) this.options.onNotice?.({ kind: 'appeared' });
        return handle;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotRead(this.path, error);
      }
      if (!told) {
        told = true;
        this.options.onNotice?.({ kind: 'waiting' });
      }
      if (!(await this.pause())) {
        this.ended = 'stopped';
        return null;
      }
    }
  }

  private async replaced(ino: number): Promise<boolean> {
    try {
      return (await stat(this.path)).ino !== ino;
    } catch {
      return true;
    }
  }

  /** Waits one poll interval; false when the stop signal came first. */
  private pause(): Promise<boolean> {
    const { signal, clock } = this.options;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        timer.cancel();
        resolve(false);
      };
      const timer = clock.setTimer(this.options.pollMs ?? TAIL_POLL_MS, () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function cannotRead(path: string, error: unknown): IdleprobeError {
  if (error instanceof IdleprobeError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG',
    `cannot follow ${path} (${code}): check the path and that the file is readable.`,
    { cause: error },
  );
}

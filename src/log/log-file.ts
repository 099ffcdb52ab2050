import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { IdleprobeError } from '../errors.js';
import { type LockOwner, type LogLock, lockLog } from './log-lock.js';

export interface LogFileOptions {
  /** Who takes the log's lock (main.ts knows the pid and how to tell a live process). */
  owner: LockOwner;
  /** Wall time when the log is opened, for the lock's record. */
  wallNow: number;
  /** Told when the log had to be written again after it was deleted; the run goes on. */
  onWarning?: (message: string) => void;
}

/** How often, in the run's monotonic milliseconds, the log's path is checked to still be this file. */
export const PLACE_CHECK_MS = 5_000;

/** Full channel ids are credentials while the channel lives: only the user who ran the probe may read the log. */
const LOG_MODE = 0o600;

/** A write that would block is tried again this often before the log is given up (regular files never block). */
const BUSY_RETRIES = 100;

const NEWLINE = 0x0a;

/**
 * The event log's file: appended to with plain synchronous writes (a line is on disk, or at least in the
 * kernel, before anything reacts to the event), locked against a second run, readable by its owner only.
 *
 * A write that fails (a full disk, a quota, an I/O error) is never retried in a loop and never thrown at
 * the caller: the line cut short is truncated away so the file ends on a whole line, the failure is kept
 * in `failure`, and every later line is dropped. The run decides what to do about it.
 *
 * Now and then (every PLACE_CHECK_MS of the run's time, and at close) the path is checked to still name
 * this file. A log deleted mid-run is written again at its path from the copy still open, so nothing is
 * lost; one replaced by another file (moved, rotated) is a failure: this run's lines are not at the path.
 *
 * Devices and pipes (`/dev/stdout`, `/dev/full`) are written as they are: no lock, mode or place to check.
 */
export class LogFile {
  failure: IdleprobeError | null = null;
  private fd: number;
  /** Where the file ends after the last whole line: a line cut short by a failed write is cut back to it. */
  private size: number;
  private readonly lock: LogLock | null;
  private identity: { dev: number; ino: number } | null;
  private lastCheck = Number.NEGATIVE_INFINITY;
  private lines = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly options: LogFileOptions,
  ) {
    const before = statOrNull(path);
    if (before?.isDirectory()) throw cannotOpen(path, new Error('it is a folder'));
    if (before !== null && !before.isFile()) {
      this.lock = null;
      this.identity = null;
      this.size = 0;
      this.fd = openOrThrow(path, 'a');
      return;
    }
    this.lock = lockLog(path, options.owner, options.wallNow);
    try {
      // Read access too: the last byte tells whether a killed run left a line cut short, and a deleted log
      // is written again from this descriptor.
      this.fd = openOrThrow(path, 'a+');
      const opened = fstatSync(this.fd);
      if ((opened.mode & 0o077) !== 0) tightenMode(this.fd);
      this.identity = { dev: opened.dev, ino: opened.ino };
      this.size = opened.size;
      this.startOnFreshLine();
    } catch (error) {
      this.lock.release();
      throw error;
    }
  }

  /**
   * Appends one line. `mono` is the run's monotonic time of the event, so the path is checked every
   * PLACE_CHECK_MS of the run without a timer of its own.
   */
  append(line: string, mono: number): void {
    if (this.failure !== null || this.closed) return;
    if (this.identity !== null && !(mono - this.lastCheck < PLACE_CHECK_MS)) {
      this.lastCheck = mono;
      this.checkPlace();
      if (this.failure !== null) return;
    }
    const length = Buffer.byteLength(line);
    try {
      // The string straight to the system, as a whole line nearly always goes; bytes only for a rest.
      const written = writeSync(this.fd, line);
      if (written < length) writeAll(this.fd, Buffer.from(line).subarray(written));
      this.size += length;
      this.lines += 1;
    } catch (error) {
      this.cutBackTo(this.size, length);
      this.failure = new IdleprobeError(
        'IDLEPROBE_ERR_LOG',
        `cannot write the event log "${this.path}": ${(error as Error).message}. ${this.kept()}`,
        { cause: error },
      );
    }
  }

  /** A last check of the path, the data handed to the disk, the file closed and its lock removed; safe twice. */
  close(): void {
    if (this.closed) return;
    if (this.identity !== null && this.failure === null) this.checkPlace();
    this.closed = true;
    try {
      if (this.identity !== null && this.failure === null) fsyncSync(this.fd);
    } catch (error) {
      // A full disk or a failing device can surface only here (network and delayed-allocation filesystems).
      this.failure = new IdleprobeError(
        'IDLEPROBE_ERR_LOG',
        `the event log "${this.path}" could not be saved to disk: ${(error as Error).message}. Check the disk, then read what it holds with idleprobe report.`,
        { cause: error },
      );
    }
    try {
      closeSync(this.fd);
    } catch {
      // Already closed under us: nothing more to save.
    }
    this.lock?.release();
  }

  /** A run appended after a killed one: the killed run's last line was cut short, so ours must not join it. */
  private startOnFreshLine(): void {
    if (this.size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.fd, last, 0, 1, this.size - 1);
    if (last[0] === NEWLINE) return;
    try {
      writeAll(this.fd, Buffer.from('\n'));
    } catch (error) {
      throw cannotOpen(this.path, error as Error);
    }
    this.size += 1;
  }

  /** The path still names this file; deleted, it is written again; replaced, it is a failure. */
  private checkPlace(): void {
    let now: Stats;
    try {
      now = statSync(this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') this.restore();
      // Any other error (a folder made unreadable) says nothing about the file: the next check tries again.
      return;
    }
    if (now.dev === this.identity?.dev && now.ino === this.identity.ino) return;
    this.failure = new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `the event log "${this.path}" was replaced by another file during the run (moved, rotated or created ` +
        `anew): the ${this.lines} lines written before are in the file that was there, wherever it is now, and none after.`,
    );
  }

  /** Writes the deleted log again at its path from the descriptor still open, and goes on in the new file. */
  private restore(): void {
    let fd: number;
    try {
      // Exclusive: a file that appeared at the path since the check is not ours to overwrite.
      fd = openSync(this.path, 'ax+', LOG_MODE);
    } catch (error) {
      this.failure = new IdleprobeError(
        'IDLEPROBE_ERR_LOG',
        `the event log "${this.path}" was deleted during the run and cannot be written again: ${(error as Error).message}. ` +
          `Its ${this.lines} lines are lost with it; only the summary below remains.`,
        { cause: error },
      );
      return;
    }
    try {
      copyAll(this.fd, fd, this.size);
    } catch (error) {
      closeSync(fd);
      this.failure = new IdleprobeError(
        'IDLEPROBE_ERR_LOG',
        `the event log "${this.path}" was deleted during the run, and writing it again failed: ${(error as Error).message}. ` +
          'What it holds now is the start of the run.',
        { cause: error },
      );
      return;
    }
    closeSync(this.fd);
    this.fd = fd;
    const made = fstatSync(fd);
    this.identity = { dev: made.dev, ino: made.ino };
    this.lock?.restore();
    this.options.onWarning?.(
      `the event log "${this.path}" was deleted during the run: it was written again from the copy idleprobe ` +
        `still had open (${this.lines} lines), and the run goes on in it.`,
    );
  }

  /** Truncates a partly written line away, when the file still ends with it (nobody truncated it meanwhile). */
  private cutBackTo(size: number, attempted: number): void {
    if (this.identity === null) return;
    try {
      const now = fstatSync(this.fd).size;
      if (now > size && now < size + attempted) ftruncateSync(this.fd, size);
    } catch {
      // The reader skips a final line cut short anyway.
    }
  }

  private kept(): string {
    if (this.lines === 0) return 'Not one line of this run could be written.';
    if (this.identity === null) return `${this.lines} lines were written before.`;
    return `Its first ${this.lines} lines of this run were written and stay readable (idleprobe report "${this.path}").`;
  }
}

function openOrThrow(path: string, flags: string): number {
  try {
    return openSync(path, flags, LOG_MODE);
  } catch (error) {
    throw cannotOpen(path, error as Error);
  }
}

function cannotOpen(path: string, error: Error): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG',
    `cannot write the event log "${path}": ${error.message}. Choose another path with --log.`,
    { cause: error },
  );
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** An existing log readable by others (written by an older version) is made the owner's only. */
function tightenMode(fd: number): void {
  try {
    fchmodSync(fd, LOG_MODE);
  } catch {
    // Not the file's owner: its mode is the owner's choice.
  }
}

/** writeSync until every byte is written: a write may take only part of a buffer. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  let busy = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      // A pipe opened non-blocking may say "try again"; a bounded number of tries, never a wait for ever.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++busy > BUSY_RETRIES) throw error;
    }
  }
}

/** Copies the first `size` bytes of one file to another, a chunk at a time. */
function copyAll(from: number, to: number, size: number): void {
  const chunk = Buffer.alloc(64 * 1024);
  for (let position = 0; position < size; ) {
    const read = readSync(from, chunk, 0, Math.min(chunk.length, size - position), position);
    if (read === 0) break;
    writeAll(to, chunk.subarray(0, read));
    position += read;
  }
}

import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { IdleprobeError } from '../errors.js';

/** The process taking a lock, and how to tell whether another one still runs (main.ts knows `process`). */
export interface LockOwner {
  pid: number;
  isRunning(pid: number): boolean;
}

/** What a lock file holds: enough to name the run that holds it, and to tell a stale lock from a live one. */
interface LockRecord {
  pid: number;
  host: string;
  since: string;
}

/** A lock held on one log; `release` removes it when it is still ours, and is safe to call twice. */
export interface LogLock {
  readonly path: string;
  /** Puts the lock file back if someone removed it (a log deleted with its sidecar mid-run). */
  restore(): void;
  release(): void;
}

/** Attempts at taking a lock whose holder went away; more means something else keeps recreating it. */
const ATTEMPTS = 3;

/**
 * One run per log: a sidecar `<log>.lock` created with O_EXCL, holding the pid and host of the run that
 * writes the log. Two runs appending to one file would interleave their lines and their connection
 * numbers, so a second run is refused. A lock left by a run that was killed (kill -9 leaves it behind) is
 * stale when its pid no longer runs on this host; it is then taken over. A lock from another host (a
 * shared folder) cannot be checked, so it is respected, and the message says how to remove it.
 */
export function lockLog(logPath: string, owner: LockOwner, wallNow: number): LogLock {
  const path = `${logPath}.lock`;
  const mine: LockRecord = { pid: owner.pid, host: hostname(), since: new Date(wallNow).toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (create(path, text)) return held(path, text);
    const found = readLock(path);
    if (found === null) continue; // It went away between our two calls: try again.
    if (!isStale(found.record, owner)) throw heldBy(logPath, path, found.record);
    takeOverStale(path, found.text, logPath, owner.pid);
  }
  throw new IdleprobeError(
    'IDLEPROBE_ERR_CONFIG',
    `cannot lock the event log "${logPath}": its lock file ${path} keeps coming back. Give this run its own --log.`,
  );
}

function held(path: string, text: string): LogLock {
  let released = false;
  return {
    path,
    restore() {
      if (released) return;
      try {
        create(path, text);
      } catch {
        // The lock is a courtesy to other runs; the log written again matters more than its sidecar.
      }
    },
    release() {
      if (released) return;
      released = true;
      // Only our own lock is removed: a run that took over a lock we lost must keep it.
      if (readLock(path)?.text === text) unlinkQuietly(path);
    },
  };
}

/** Creates the lock file only if none exists; false when one does. */
function create(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot create the lock file ${path} next to the event log: ${(error as Error).message}. Choose another path with --log.`,
      { cause: error },
    );
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { text: string; record: LockRecord | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  return { text, record: parseRecord(text) };
}

function parseRecord(text: string): LockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (Number.isSafeInteger(value.pid) && typeof value.host === 'string' && typeof value.since === 'string')
      return value as LockRecord;
  } catch {
    // A lock file cut short by a crash between its creation and its write: nobody holds it.
  }
  return null;
}

/** A lock is stale when its run is gone: an unreadable record, or a pid that no longer runs here. */
function isStale(record: LockRecord | null, owner: LockOwner): boolean {
  if (record === null) return true;
  return record.host === hostname() && !owner.isRunning(record.pid);
}

/**
 * Moves a stale lock aside, atomically: of two runs that both found it stale, only one rename succeeds.
 * If what was moved is no longer the stale lock that was read, another run took the lock over in
 * between: it is put back, and this run is refused like any second writer.
 */
function takeOverStale(path: string, staleText: string, logPath: string, pid: number): void {
  // A name no other run picks: its pid, and random bytes for a pid seen again on another host.
  const aside = `${path}.${pid}-${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // Someone else moved it first: try to create ours again.
  }
  const moved = readLock(aside);
  if (moved?.text !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // A third run holds it now: it stays theirs.
    }
    unlinkQuietly(aside);
    throw heldBy(logPath, path, moved?.record ?? null);
  }
  unlinkQuietly(aside);
}

function heldBy(logPath: string, lockPath: string, record: LockRecord | null): IdleprobeError {
  const who = record
    ? `run (pid ${record.pid} on ${record.host}, since ${record.since})`
    : 'run (its lock file cannot be read)';
  return new IdleprobeError(
    'IDLEPROBE_ERR_CONFIG',
    `the event log "${logPath}" is being written by another idleprobe ${who}. Two runs in one log would ` +
      `mix their lines: give this run its own --log, or wait for that run to end. If no such run is alive, delete ${lockPath}.`,
  );
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to remove.
  }
}

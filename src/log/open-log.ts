import { statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { IdleprobeError } from '../errors.js';

/** The name `report` takes for its standard input, as most command-line tools do. */
export const STDIN_NAME = '-';

/**
 * Standard input by its path is standard input too: opening `/dev/stdin` fails when it is a socket (as a
 * parent process may give), and reading it twice would find it drained.
 */
export function isStdin(file: string): boolean {
  return file === STDIN_NAME || file === '/dev/stdin';
}

/** A log or HAR opened for reading: a stream of its bytes, and the name messages give it. */
export interface LogInput {
  name: string;
  stream: Readable;
}

/**
 * Opens a file (or standard input for `-`) for reading, or says in plain words why it cannot be read: a
 * folder is named as one, not read until the system refuses. Pipes, FIFOs and `/dev/stdin` are read as
 * they come, never sought in.
 */
export async function openLog(file: string, stdin?: Readable): Promise<LogInput> {
  if (isStdin(file)) {
    if (stdin === undefined) throw cannotRead(file, new Error('no standard input was given'));
    return { name: 'standard input', stream: stdin };
  }
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw cannotRead(file, error as Error);
  }
  try {
    if ((await handle.stat()).isDirectory()) {
      throw new IdleprobeError(
        'IDLEPROBE_ERR_LOG',
        `"${file}" is a folder. Give the event logs in it, as in: idleprobe report "${file}"/*.ndjson`,
      );
    }
  } catch (error) {
    await handle.close();
    throw error instanceof IdleprobeError ? error : cannotRead(file, error as Error);
  }
  return { name: file, stream: handle.createReadStream() };
}

/**
 * Whether a file can be read a second time from its start: a regular file can; standard input, a pipe, a
 * FIFO or a device gives its bytes once. A path that does not exist is left for `openLog` to report.
 */
export function canReadTwice(file: string): boolean {
  if (isStdin(file)) return false;
  try {
    const stats = statSync(file);
    return stats.isFile();
  } catch {
    return true;
  }
}

function cannotRead(file: string, error: Error): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG',
    `cannot read "${file}": ${error.message}. Give the path of an event log written by idleprobe run, or - for standard input.`,
    { cause: error },
  );
}

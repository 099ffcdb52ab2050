import type { Readable } from 'node:stream';
import type { Clock } from '../clock/clock.js';
import type { LockOwner } from '../log/log-lock.js';

/** A stream the CLI writes to; `isTTY` decides colours and the live status line. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * Everything the commands need from the outside world, built once by main.ts (the only file that touches
 * `process`) and faked by nothing: CLI tests spawn the real binary.
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** What `report -` reads. */
  stdin: Readable;
  /** This process, as the owner of an event log's lock, and how to tell whether another one still runs. */
  self: LockOwner;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  clock: Clock;
  /** Calls `handler` on Ctrl-C or SIGTERM until the returned function is called. */
  onStopSignal(handler: (signal: StopSignal) => void): () => void;
}

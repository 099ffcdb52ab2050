import type { Readable } from 'node:stream';
import type { Clock } from '../clock/clock.js';
import type { LockOwner } from '../log/log-lock.js';

/** A stream the CLI writes to; `isTTY` decides colours and the live status line. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Ctrl-C, a kill, and a hangup (the ssh session or terminal a run was started from went away). */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

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
  /**
   * When standard input is a terminal: puts it in raw mode and calls `onKey` with each key pressed (Ctrl-C
   * then arrives as the key "\u0003", not as SIGINT) until the returned function restores the terminal.
   * Null when standard input is not a terminal. Absent where there is none (tests).
   */
  readKeys?(onKey: (key: string) => void): (() => void) | null;
  /** Calls `handler` on Ctrl-C, SIGTERM or SIGHUP until the returned function is called. */
  onStopSignal(handler: (signal: StopSignal) => void): () => void;
  /**
   * Ends the process now with this code, whatever is still pending: a second Ctrl-C from a person who will
   * not wait for the connections to close. Absent where there is no process to end (tests).
   */
  exitNow?(code: number): never;
}

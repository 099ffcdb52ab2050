import type { LockOwner } from '../../src/log/log-lock.js';

/** This test process as the owner of a log's lock, told apart from other processes the way main.ts does it. */
export const THIS_PROCESS: LockOwner = {
  pid: process.pid,
  isRunning(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

/** Options for `openEventLog` in a test: this process owns the lock, and the clock's time is 0. */
export const LOG_OPTIONS = { owner: THIS_PROCESS, wallNow: 0 };

import type { EventEmitter } from 'node:events';
import type { Clock } from '../clock/clock.js';
import { LogFile } from '../log/log-file.js';
import type { LockOwner } from '../log/log-lock.js';
import type { SimRecord } from '../sim/simulator.js';

/**
 * `sim --journal FILE`: every journal record as one NDJSON line, `t` (the wall-clock time, ISO 8601) first.
 * Written synchronously as each record is made, so a crash or a kill loses nothing already journalled; the
 * file is the event log's (`LogFile`: mode 0600, since full channel ids are credentials while their
 * channels live, and locked against a second writer). Records carry no token or secret by construction.
 */
export function writeJournalFile(
  path: string,
  journal: EventEmitter,
  options: { clock: Clock; owner: LockOwner },
): { close(): void; failure(): Error | null } {
  const file = new LogFile(path, { owner: options.owner, wallNow: options.clock.wallNow() });
  const listener = (record: SimRecord): void => {
    const t = new Date(options.clock.wallNow()).toISOString();
    file.append(`${JSON.stringify({ t, ...record })}\n`, record.at);
  };
  journal.on('record', listener);
  return {
    close() {
      journal.off('record', listener);
      file.close();
    },
    failure: () => file.failure,
  };
}

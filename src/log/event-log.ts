import { closeSync, openSync } from 'node:fs';
import pino from 'pino';
import { IdleprobeError } from '../errors.js';
import type { ProbeEvent } from '../events/types.js';
import type { SecretScrubber } from './secret-scrubber.js';

/** The levels of the log lines: the event decides, so `grep '"level":"error"'` finds trouble. */
function levelOf(event: ProbeEvent): 'info' | 'warn' | 'error' {
  switch (event.event) {
    case 'error':
      return 'error';
    case 'warning':
    case 'watchdog':
      return 'warn';
    case 'close':
      return event.by === 'probe' ? 'info' : 'warn';
    default:
      return 'info';
  }
}

export interface EventLog {
  write(event: ProbeEvent): void;
  /** Flushes and closes the file; safe to call twice. */
  close(): void;
}

/**
 * The NDJSON event log: one pino line per event, written synchronously as it happens so that a crash or a
 * kill loses nothing already observed. `time` and `mono` are the event's own stamps (when it happened),
 * not the moment the line was written. Every line passes through the secret scrubber on its way out.
 */
export function openEventLog(path: string, scrubber: SecretScrubber): EventLog {
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot write the event log "${path}": ${(error as Error).message}. Choose another path with --log.`,
      { cause: error },
    );
  }
  return createEventLog(pino.destination({ dest: fd, sync: true }), scrubber, () => closeSync(fd));
}

/** The same log on any pino destination (tests pass a stream they read back). */
export function createEventLog(
  destination: pino.DestinationStream & { flushSync?: () => void },
  scrubber: SecretScrubber,
  release: () => void = () => {},
): EventLog {
  const logger = pino(
    {
      base: undefined,
      // The event carries its own stamps, taken when it happened; pino's would be the time of writing.
      timestamp: false,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: (line) => scrubber.scrub(line) },
    },
    destination,
  );
  let open = true;
  return {
    write(event) {
      if (!open) return;
      // `time` and `mono` come first, after `level`, as every line of docs/log-format.md starts.
      const { time, mono, ...rest } = event;
      logger[levelOf(event)]({ time, mono, ...rest });
    },
    close() {
      if (!open) return;
      open = false;
      destination.flushSync?.();
      release();
    },
  };
}

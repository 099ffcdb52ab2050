import pino from 'pino';
import type { IdleprobeError } from '../errors.js';
import type { ProbeEvent } from '../events/types.js';
import { ConnectionLoggers, shapeOf, withoutLeadingKeys } from './connection-loggers.js';
import { LogFile, type LogFileOptions } from './log-file.js';
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
  /**
   * Why the log stopped taking lines (a full disk, the file replaced mid-run), or null while it is fine.
   * Lines after a failure are dropped: the run is expected to stop.
   */
  readonly failure: IdleprobeError | null;
  /** Flushes and closes the file; safe to call twice. */
  close(): void;
}

/**
 * The NDJSON event log: one pino line per event, written synchronously as it happens so that a crash or a
 * kill loses nothing already observed. `time` and `mono` are the event's own stamps (when it happened),
 * not the moment the line was written. Every line passes through the secret scrubber on its way out.
 * The file itself (its lock, its mode, a write that fails, a path deleted under it) is `LogFile`'s.
 */
export function openEventLog(path: string, scrubber: SecretScrubber, options: LogFileOptions): EventLog {
  const file = new LogFile(path, options);
  let mono = 0;
  const log = createEventLog(
    {
      write: (line: string) => {
        file.append(line, mono);
      },
    },
    scrubber,
    () => file.close(),
  );
  return {
    write(event) {
      mono = event.mono;
      log.write(event);
    },
    get failure() {
      return file.failure;
    },
    close: () => log.close(),
  };
}

/** The same log on any pino destination (tests pass a stream they read back). */
export function createEventLog(
  destination: pino.DestinationStream & { flushSync?: () => void },
  scrubber: SecretScrubber,
  release: () => void = () => {},
): EventLog {
  // The event's own stamps, taken when it happened, lead each line (after `level`, as every line of
  // docs/log-format.md starts): pino writes a timestamp function's text right there, and the serializers
  // drop the same keys from the object. This spares a copy of every event to reorder its keys.
  let stamps = '';
  const options: pino.LoggerOptions = {
    base: undefined,
    timestamp: () => stamps,
    serializers: { time: dropped, mono: dropped },
    formatters: { level: (label) => ({ level: label }) },
    hooks: { streamWrite: (line) => scrubber.scrub(line) },
  };
  const unbound = pino(options, destination);
  // The lines of a connection's frequent events, written from bindings serialised once (connection-loggers.ts).
  const connections = new ConnectionLoggers({
    bound: unbound.child({}),
    boundAndMore: pino(
      { ...options, formatters: { ...options.formatters, log: withoutLeadingKeys } },
      destination,
    ).child({}),
  });
  let open = true;
  return {
    write(event) {
      if (!open) return;
      // JSON's own spelling: a number that is not finite is null, as pino writes it.
      stamps = `,"time":${JSON.stringify(event.time)},"mono":${Number.isFinite(event.mono) ? event.mono : null}`;
      const level = levelOf(event);
      const shape = shapeOf(event);
      if (shape !== 'unbound') {
        const { event: kind, channel, conn } = event as Extract<ProbeEvent, { channel: string; conn: number }>;
        const child = connections.get(kind, channel, conn, shape);
        if (child !== null) {
          // With no other key, pino writes the line from the bindings' text and the stamps alone; with more,
          // the parent's formatter hands it the rest of the event.
          child[level](shape === 'bound-only' ? NOTHING_MORE : event);
          return;
        }
      }
      unbound[level](event);
    },
    failure: null,
    close() {
      if (!open) return;
      open = false;
      destination.flushSync?.();
      release();
    },
  };
}

/** An event with no key beyond the bound ones and the stamps: an empty object, shared. */
const NOTHING_MORE = Object.freeze({});

/** A serializer that leaves its key out of the line (pino skips a value that serializes to undefined). */
function dropped(): undefined {
  return undefined;
}

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { IdleprobeError } from '../errors.js';
import type { ProbeEvent } from '../events/types.js';

export interface ReadLogOptions {
  /** Told about lines that were skipped rather than fatal (a final line cut short by a killed process). */
  onWarning?: (message: string) => void;
}

/** Events that belong to one connection: the analysis keys them by `channel` and `conn`. */
const CONNECTION_EVENTS = new Set([
  'connecting',
  'open',
  'heartbeat',
  'pong',
  'ping',
  'warning',
  'system',
  'notification',
  'frame',
  'close',
  'watchdog',
]);
const CLOSED_BY = new Set(['server', 'network', 'watchdog', 'probe']);

/**
 * Reads an NDJSON event log back as probe events, one line at a time, so a log of any length streams
 * through in constant memory. Each line is checked just enough that the analysis can trust it; fields it
 * does not know are passed along untouched, and blank lines are skipped.
 *
 * A line that is not JSON is fatal, except the very last one: a process killed mid-write leaves a cut-off
 * final line, and the events before it are still worth reading. That line is skipped and reported through
 * `onWarning`. No line's content is ever quoted in a message: a wrong file passed by mistake may hold secrets.
 */
export async function* readEventLog(
  input: Readable,
  source: string,
  options: ReadLogOptions = {},
): AsyncIterable<ProbeEvent> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  /** A line that did not parse, held back until we know whether it was the last one. */
  let unparsed: number | null = null;
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const text = (lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (text === '') continue;
      if (unparsed !== null) throw parseError(source, unparsed, 'is not valid JSON');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // The SyntaxError is not kept as the cause: V8 quotes the offending text in its message.
        unparsed = lineNumber;
        continue;
      }
      yield checkEvent(value, source, lineNumber);
    }
  } catch (error) {
    if (error instanceof IdleprobeError) throw error;
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot read the event log ${source}: ${(error as Error).message}. Check the path and that the file is readable.`,
      { cause: error },
    );
  } finally {
    lines.close();
  }
  if (unparsed !== null) {
    options.onWarning?.(
      `${source} line ${unparsed}: the last line is cut short (the run was probably killed while ` +
        'writing it) and was skipped; every event before it was read.',
    );
  }
}

function checkEvent(value: unknown, source: string, lineNumber: number): ProbeEvent {
  const problem = problemWith(value);
  if (problem) throw parseError(source, lineNumber, problem);
  return value as ProbeEvent;
}

/** What makes a parsed line unusable as an event, or null when it is usable. */
function problemWith(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  const line = value as Record<string, unknown>;
  if (typeof line.event !== 'string') return 'has no string "event"';
  if (typeof line.time !== 'string') return 'has no string "time"';
  if (typeof line.mono !== 'number' || !Number.isFinite(line.mono)) return 'has no number "mono"';
  if (CONNECTION_EVENTS.has(line.event)) {
    if (typeof line.channel !== 'string') return `is a "${line.event}" event without a string "channel"`;
    if (typeof line.conn !== 'number' || !Number.isFinite(line.conn)) {
      return `is a "${line.event}" event without a number "conn"`;
    }
  }
  if (line.event === 'close') {
    if (typeof line.code !== 'number') return 'is a "close" event without a number "code"';
    if (typeof line.by !== 'string' || !CLOSED_BY.has(line.by)) {
      return 'is a "close" event whose "by" is not server, network, watchdog or probe';
    }
  }
  return null;
}

function parseError(source: string, lineNumber: number, problem: string): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG_PARSE',
    `${source} line ${lineNumber} ${problem}. Is this an idleprobe event log (the NDJSON file a probe run ` +
      'writes)? If it was edited by hand, fix or remove that line.',
  );
}

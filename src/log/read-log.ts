import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { IdleprobeError } from '../errors.js';
import type { ProbeEvent } from '../events/types.js';
import { rejectLine } from './check-event.js';

export interface ReadLogOptions {
  /**
   * Told about lines that were skipped rather than fatal: a final line cut short by a killed process, and
   * events of a kind this version does not know.
   */
  onWarning?: (message: string) => void;
}

/**
 * Reads an NDJSON event log back as probe events, one line at a time, so a log of any length streams
 * through in constant memory. This is where a log is trusted: each line is checked against the event model
 * (every field its kind requires, of the right type), so what comes out is a `ProbeEvent` the analysis
 * need not check again. Fields the model does not name are passed along untouched, and blank lines are
 * skipped. A line that does not fit stops the reading with a message naming the line and the field.
 *
 * An event of a kind this version does not know is what a newer idleprobe writes: such lines are skipped,
 * and each such kind is reported once through `onWarning`, with how many lines it had.
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
  const unknownKinds = new UnknownKinds();
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
      const rejection = rejectLine(value);
      if (rejection === null) yield value as ProbeEvent;
      else if ('problem' in rejection) throw parseError(source, lineNumber, rejection.problem);
      else unknownKinds.saw(rejection.unknownKind, lineNumber);
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
  for (const warning of unknownKinds.warnings(source)) options.onWarning?.(warning);
  if (unparsed !== null) {
    options.onWarning?.(
      `${source} line ${unparsed}: the last line is cut short (the run was probably killed while ` +
        'writing it) and was skipped; every event before it was read.',
    );
  }
}

/** Unknown kinds named one by one; a file with more is probably not an idleprobe log at all. */
const KINDS_NAMED = 3;

/** Event kinds this version does not know, counted so that each is reported once, not once per line. */
class UnknownKinds {
  private readonly seen = new Map<string, { firstLine: number; lines: number }>();

  saw(kind: string, lineNumber: number): void {
    const entry = this.seen.get(kind);
    if (entry) entry.lines += 1;
    else this.seen.set(kind, { firstLine: lineNumber, lines: 1 });
  }

  warnings(source: string): string[] {
    const kinds = [...this.seen];
    const named = kinds
      .slice(0, KINDS_NAMED)
      .map(
        ([kind, { firstLine, lines }]) =>
          `${source} line ${firstLine}: ${nameOf(kind)} is not an event this version of idleprobe knows (a newer ` +
          `version may have written the log); ${lines === 1 ? 'that line was' : `its ${lines} lines were`} skipped.`,
      );
    const rest = kinds.slice(KINDS_NAMED);
    if (rest.length === 0) return named;
    const lines = rest.reduce((sum, [, entry]) => sum + entry.lines, 0);
    return [...named, `${source}: ${lines} more lines of ${rest.length} other unknown event kinds were skipped too.`];
  }
}

/**
 * Names an unknown event kind only when it looks like one (`token-refresh`): the value is the line's
 * content, and a file read by mistake may hold a secret there.
 */
function nameOf(kind: string): string {
  return /^[a-z]+(-[a-z]+)*$/.test(kind) && kind.length <= 32 ? `"${kind}"` : 'its "event"';
}

function parseError(source: string, lineNumber: number, problem: string): IdleprobeError {
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG_PARSE',
    `${source} line ${lineNumber} ${problem}. Is this an idleprobe event log (the NDJSON file a probe run ` +
      'writes)? If it was edited by hand, fix or remove that line.',
  );
}

import { IdleprobeError } from '../errors.js';
import type { ProbeEvent } from '../events/types.js';
import { rejectLine } from './check-event.js';
import { MAX_LINE_BYTES, type RawLine, readLines } from './read-lines.js';

export interface ReadLogOptions {
  /**
   * Told about lines that were skipped rather than fatal: a final line cut short by a killed process, and
   * events of a kind this version does not know.
   */
  onWarning?: (message: string) => void;
}

/**
 * Reads an NDJSON event log back as probe events, one line at a time, so a log of any length streams
 * through in constant memory (a line longer than MAX_LINE_BYTES is not held: it is skipped, with a
 * warning). This is where a log is trusted: each line is checked against the event model (every field its
 * kind requires, of the right type), so what comes out is a `ProbeEvent` the analysis need not check
 * again. Fields the model does not name are passed along untouched, and blank lines are skipped. A line
 * that does not fit stops the reading with a message naming the line and the field.
 *
 * An event of a kind this version does not know is what a newer idleprobe writes: such lines are skipped,
 * and each such kind is reported once through `onWarning`, with how many lines it had.
 *
 * A line that is not JSON is fatal, except where a killed process leaves one: the very last line, or the
 * line just before a `run-start` (a run appended after a killed one). Such a line is skipped and reported
 * through `onWarning`. A line repeated exactly is skipped (every line carries its own monotonic stamp, so
 * two real events never print the same) and a line earlier on the monotonic clock than the one before it
 * in the same run is kept; both are reported, once each. A log without a single event is an error. No
 * line's content is ever quoted in a message: a wrong file passed by mistake may hold secrets.
 */
export async function* readEventLog(
  input: AsyncIterable<Buffer | string>,
  source: string,
  options: ReadLogOptions = {},
): AsyncIterable<ProbeEvent> {
  for await (const batch of readEventBatches(input, source, options)) yield* batch;
}

/**
 * The same reading, the events of each chunk of input handed over together: one await per chunk rather
 * than per event, which is most of the cost of a long log's frames once parsing is cheap.
 */
export async function* readEventBatches(
  input: AsyncIterable<Buffer | string>,
  source: string,
  options: ReadLogOptions = {},
): AsyncIterable<ProbeEvent[]> {
  const reader = new EventLineReader(source);
  try {
    for await (const lines of readLines(input)) {
      const batch: ProbeEvent[] = [];
      for (const line of lines) {
        const event = reader.read(line);
        if (event !== null) batch.push(event);
      }
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof IdleprobeError) throw error;
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot read the event log ${source}: ${(error as Error).message}. Check the path and that the file is readable.`,
      { cause: error },
    );
  }
  for (const warning of reader.end()) options.onWarning?.(warning);
}

/**
 * The reading of one log, a line at a time: what `readEventLog` does for each line, for a caller that gets
 * its lines some other way (a log followed as it grows). `read` gives the line's event, or null for a line
 * skipped, and throws for a fatal one; `end` is called once the log has no more lines, and gives the
 * warnings to print (or throws when the log held no event).
 */
export class EventLineReader {
  /** A line that did not parse, held back until we know whether a killed run left it. */
  private unparsed: number | null = null;
  private readonly oddities: Oddities;
  private events = 0;
  private previousText = '';
  private lastMono = Number.NEGATIVE_INFINITY;

  constructor(private readonly source: string) {
    this.oddities = new Oddities(source);
  }

  read(line: RawLine): ProbeEvent | null {
    const { oddities, source } = this;
    if ('tooLong' in line) {
      oddities.tooLong.saw(line.number);
      return null;
    }
    const text = (line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text).trim();
    if (text === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The SyntaxError is not kept as the cause: V8 quotes the offending text in its message.
      if (this.unparsed !== null) throw parseError(source, this.unparsed, 'is not valid JSON');
      this.unparsed = line.number;
      this.previousText = '';
      return null;
    }
    const rejection = rejectLine(value);
    if (this.unparsed !== null) {
      if (rejection !== null || (value as ProbeEvent).event !== 'run-start')
        throw parseError(source, this.unparsed, 'is not valid JSON');
      oddities.cutBeforeRun.saw(this.unparsed);
      this.unparsed = null;
    }
    if (rejection !== null) {
      if ('problem' in rejection) throw parseError(source, line.number, rejection.problem);
      oddities.unknownKinds.saw(rejection.unknownKind, line.number);
      this.events += 1;
      return null;
    }
    const event = value as ProbeEvent;
    if (text === this.previousText) {
      oddities.repeated.saw(line.number);
      return null;
    }
    this.previousText = text;
    if (event.event === 'run-start') this.lastMono = Number.NEGATIVE_INFINITY;
    if (event.mono < this.lastMono) oddities.backwards.saw(line.number);
    else this.lastMono = event.mono;
    this.events += 1;
    return event;
  }

  end(): string[] {
    const { source, unparsed } = this;
    if (this.events === 0) throw noEvents(source, unparsed, this.oddities.tooLong.first);
    const warnings = this.oddities.warnings();
    if (unparsed !== null) {
      warnings.push(
        `${source} line ${unparsed}: the last line is cut short (the run was probably killed while ` +
          'writing it) and was skipped; every event before it was read.',
      );
    }
    return warnings;
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

/** Lines of one kind of oddity: how many, and the first, so each kind is reported once. */
class LineCount {
  count = 0;
  first: number | null = null;

  saw(lineNumber: number): void {
    this.count += 1;
    this.first ??= lineNumber;
  }
}

/** What was skipped or doubtful in one log, reported once each when the log has been read. */
class Oddities {
  readonly unknownKinds = new UnknownKinds();
  readonly tooLong = new LineCount();
  readonly cutBeforeRun = new LineCount();
  readonly repeated = new LineCount();
  readonly backwards = new LineCount();

  constructor(private readonly source: string) {}

  warnings(): string[] {
    const { source } = this;
    const out = this.unknownKinds.warnings(source);
    const counted = (count: LineCount, one: string, many: string): void => {
      if (count.first === null) return;
      out.push(`${source} line ${count.first}: ${count.count === 1 ? one : `${many} (${count.count} lines)`}`);
    };
    counted(
      this.tooLong,
      `a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB, which no idleprobe event is, was skipped.`,
      `lines longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB, which no idleprobe event is, were skipped`,
    );
    counted(
      this.cutBeforeRun,
      'a line cut short (a run killed while writing it, with another run appended after it) was skipped.',
      'lines cut short (runs killed while writing them, with another run appended after each) were skipped',
    );
    counted(
      this.repeated,
      'a line that repeats the line before it exactly was skipped (was the log copied into itself?).',
      'lines that repeat the line before them exactly were skipped (was the log copied into itself?)',
    );
    counted(
      this.backwards,
      'an event is earlier on the monotonic clock than the one before it in the same run, which a probe never writes (was the log edited or sorted?); durations around it may be wrong.',
      'events are earlier on the monotonic clock than the one before them in the same run, which a probe never writes (was the log edited or sorted?); durations around them may be wrong',
    );
    return out;
  }
}

function noEvents(source: string, unparsed: number | null, tooLong: number | null): IdleprobeError {
  const why =
    unparsed !== null
      ? `: line ${unparsed} is not valid JSON, and no other line is an event`
      : tooLong !== null
        ? `: its lines are longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`
        : ': it is empty';
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG_PARSE',
    `${source} holds no idleprobe event${why}. Give the NDJSON file a probe run writes (its first line is a run-start).`,
  );
}

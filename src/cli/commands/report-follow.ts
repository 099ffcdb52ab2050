import { followLog } from '../../analysis/follow-log.js';
import { FollowProgress } from '../../analysis/follow-progress.js';
import { TimelineCollector } from '../../analysis/timeline.js';
import { evaluateFailOn, type FailOnCondition } from '../../ci/fail-on.js';
import { IdleprobeError } from '../../errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { isStdin } from '../../log/open-log.js';
import { followStatusLine, liveClosureLine } from '../../report/follow-lines.js';
import { type ReportFormat, renderSummary } from '../../report/render-summary.js';
import { renderSvg } from '../../report/render-svg.js';
import type { CliIo, OutputStream, StopSignal } from '../cli-io.js';
import { writeOutputFile } from '../output-file.js';
import { canRedraw, outputWidth, tableOptions } from '../terminal-choice.js';

export interface FollowFlags {
  svg?: string;
  share?: string;
  wide?: boolean;
  color?: boolean;
}

/** The status line is redrawn at most this often: a log read from its start goes by in thousands of events. */
const REDRAW_EVERY_MS = 200;
const CLEAR_LINE = '\r\u001b[2K';

/**
 * `report --follow LOG`: the live view of a log another run is writing, then the summary `report` prints.
 * The live part goes to standard output with the table format (a line per closure; on a terminal also a
 * status line redrawn in place) and to standard error with the others, so JSON, markdown or JUnit on
 * standard output stay whole. Exit code: as `report` on run-end (0 or --fail-on's); on Ctrl-C, --fail-on's
 * or the signal's; when the log is truncated or replaced, --fail-on's or 1.
 */
export async function followReport(
  files: readonly string[],
  format: ReportFormat,
  conditions: readonly FailOnCondition[],
  flags: FollowFlags,
  io: CliIo,
): Promise<number> {
  const file = checkFollowInputs(files, flags);
  const live = format === 'table' ? io.stdout : io.stderr;
  const view = new LiveView(live, file, io);
  const stop = new AbortController();
  let signal: StopSignal | null = null;
  const release = io.onStopSignal((received) => {
    signal ??= received;
    stop.abort();
  });
  const timelines = flags.svg ? new TimelineCollector() : undefined;
  let result: Awaited<ReturnType<typeof followLog>>;
  try {
    result = await followLog(file, {
      clock: io.clock,
      signal: stop.signal,
      timelines,
      onWarning: (message) => view.note(`idleprobe: ${message}`, io.stderr),
      onNotice: (notice) =>
        view.note(
          notice.kind === 'waiting'
            ? `idleprobe: ${file} does not exist yet; waiting for it to appear (Ctrl-C to stop).`
            : `idleprobe: ${file} appeared; following it.`,
          io.stderr,
        ),
      onEvent: (event) => view.event(event),
      onIdle: () => view.idle(),
    });
  } finally {
    release();
    view.clear();
  }
  const { summary, end } = result;
  io.stdout.write(renderSummary(summary, format, tableOptions(flags, io)));
  if (flags.svg && timelines) {
    const drawn = timelines.result();
    await writeOutputFile(flags.svg, renderSvg(summary, drawn.timelines, drawn.notDrawn));
    io.stderr.write(`SVG timeline: ${flags.svg}\n`);
  }
  if (end === 'truncated' || end === 'replaced') {
    io.stderr.write(
      `idleprobe: ${file} was ${end === 'truncated' ? 'truncated' : 'replaced or moved'} while it was followed; ` +
        'the summary covers what was read before. To follow the new log, run report --follow again.\n',
    );
  }
  const outcome = evaluateFailOn(summary, conditions);
  for (const reason of outcome.reasons) io.stderr.write(`${reason}\n`);
  if (outcome.exitCode !== EXIT_CODES.ok || end === 'done') return outcome.exitCode;
  if (end === 'stopped') return SIGNAL_EXIT_CODES[signal ?? 'SIGINT'];
  return EXIT_CODES.failed;
}

const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = {
  SIGINT: EXIT_CODES.interrupted,
  SIGTERM: EXIT_CODES.terminated,
  SIGHUP: EXIT_CODES.hangup,
};

function checkFollowInputs(files: readonly string[], flags: FollowFlags): string {
  const usage = (message: string): IdleprobeError => new IdleprobeError('IDLEPROBE_ERR_USAGE', message);
  if (files.length !== 1) {
    throw usage(
      `--follow watches one log as it grows, and ${files.length} were given: follow each in its own terminal, then merge the finished logs with report LOG1 LOG2.`,
    );
  }
  const file = files[0] ?? '';
  if (isStdin(file)) {
    throw usage(
      '--follow needs a file it can look at again (standard input cannot grow): give the --log path of the run.',
    );
  }
  if (flags.share) {
    throw usage(
      '--share reads finished logs: drop --follow, or share once the run has ended (report LOG --share DIR).',
    );
  }
  return file;
}

/**
 * The live part: notes and closure lines as they come; on a terminal, one status line under them,
 * redrawn in place (cleared before anything else is written, and before the summary).
 */
class LiveView {
  private readonly progress = new FollowProgress();
  private statusShown = false;
  private shownText = '';
  private lastDrawMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: OutputStream,
    private readonly file: string,
    private readonly io: CliIo,
  ) {}

  event(event: Parameters<FollowProgress['push']>[0]): void {
    const closure = this.progress.push(event);
    if (closure) {
      this.clear();
      // On a terminal (or with COLUMNS) cut to its width, as the status line is; on a pipe whole.
      this.out.write(`${liveClosureLine(closure, this.width())}\n`);
    }
    this.draw(closure !== null);
  }

  /** Caught up with the file: the status shows the latest counts, whatever the redraw limit skipped. */
  idle(): void {
    this.draw(true);
  }

  note(text: string, stream: OutputStream): void {
    this.clear();
    stream.write(`${text}\n`);
    this.draw(true);
  }

  /** One column short of the terminal's: a line that fills the last column wraps on some terminals. */
  private width(): number {
    const columns = outputWidth(this.io.env, this.out);
    return columns === undefined ? Number.POSITIVE_INFINITY : columns - 1;
  }

  clear(): void {
    if (!this.statusShown) return;
    this.out.write(CLEAR_LINE);
    this.statusShown = false;
  }

  private draw(now: boolean): void {
    if (!canRedraw(this.io.env, this.out)) return;
    const at = this.io.clock.monoNow();
    if (!now && this.statusShown && at - this.lastDrawMs < REDRAW_EVERY_MS) return;
    this.lastDrawMs = at;
    const text = followStatusLine(this.file, this.progress, this.width());
    // Idle polls four times a second change nothing: a terminal over a slow link need not hear about it.
    if (this.statusShown && text === this.shownText) return;
    this.out.write(`${CLEAR_LINE}${text}`);
    this.shownText = text;
    this.statusShown = true;
  }
}

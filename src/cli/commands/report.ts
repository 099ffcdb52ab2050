import { resolve } from 'node:path';
import { summarizeLogs } from '../../analysis/summarize-logs.js';
import { TimelineCollector } from '../../analysis/timeline.js';
import { evaluateFailOn, parseFailOn } from '../../ci/fail-on.js';
import { IdleprobeError } from '../../errors.js';
import { canReadTwice, isStdin, STDIN_NAME } from '../../log/open-log.js';
import { REPORT_FORMATS, type ReportFormat, renderSummaryChunks } from '../../report/render-summary.js';
import type { CliIo } from '../cli-io.js';
import { writeOutputFile } from '../output-file.js';
import { tableOptions } from '../terminal-choice.js';

export interface ReportFlags {
  format?: string;
  /** Also write the SVG timeline to this file. */
  svg?: string;
  /** Also write summary.md, timeline.svg and redacted copies of the logs to this folder. */
  share?: string;
  /** `--fail-on` values, repeatable and comma-separated (src/ci/fail-on.ts). */
  failOn?: string[];
  /** Follow one growing log live, then summarise it (report-follow.ts). */
  follow?: boolean;
  /** The full table of closures whatever the terminal's width. */
  wide?: boolean;
  /** False with --no-color. */
  color?: boolean;
}

/**
 * `idleprobe report FILE...`: event logs and browser HAR files, merged into one summary printed in the
 * chosen format; optionally an SVG timeline, a share folder, and an exit code from `--fail-on`.
 * Every flag is checked before any file is read, so a typo costs nothing. Returns the exit code:
 * 0, or the `--fail-on` code of the conditions met (FAIL_ON_EXIT_CODES); errors are thrown.
 */
export async function reportCommand(files: readonly string[], flags: ReportFlags, io: CliIo): Promise<number> {
  const format = parseFormat(flags.format);
  const conditions = parseFailOn(flags.failOn ?? []);
  if (flags.follow) {
    const { followReport } = await import('./report-follow.js');
    return followReport(files, format, conditions, flags, io);
  }
  if (files.length === 0)
    throw new IdleprobeError('IDLEPROBE_ERR_USAGE', 'report needs at least one event log or HAR file.');
  if (files.filter(isStdin).length > 1)
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `standard input (${STDIN_NAME}) can be read only once: name it once.`,
    );
  // The SVG renderer and the share folder's redactor (with node:crypto) load only for the flags that use them.
  if (flags.share) checkShareInputs(files, flags.share, (await import('../../share/share-folder.js')).checkShareFolder);
  const timelines = flags.svg ? new TimelineCollector() : undefined;
  // One log reads exactly as the live run printed it (rows without a source); several name their file.
  const sourceName = (file: string): string | null => (files.length > 1 ? file : null);
  const summary = await summarizeLogs(files, {
    onWarning: (message) => io.stderr.write(`idleprobe: ${message}\n`),
    timelines,
    sourceName,
    stdin: io.stdin,
  });
  for (const chunk of renderSummaryChunks(summary, format, tableOptions(flags, io))) io.stdout.write(chunk);
  if (flags.svg && timelines) {
    const drawn = timelines.result();
    const { renderSvg } = await import('../../report/render-svg.js');
    await writeOutputFile(flags.svg, renderSvg(summary, drawn.timelines, drawn.notDrawn));
    io.stderr.write(`SVG timeline: ${flags.svg}\n`);
  }
  if (flags.share) {
    const { writeShare } = await import('../../share/write-share.js');
    const shared = await writeShare(files, flags.share, {
      onWarning: (message) => io.stderr.write(`idleprobe: ${message}\n`),
    });
    io.stderr.write(
      `Share folder ${resolve(flags.share)}: ${shared.written.length} files (summary.md, timeline.svg, redacted logs); read them before posting.\n`,
    );
  }
  const outcome = evaluateFailOn(summary, conditions);
  for (const reason of outcome.reasons) io.stderr.write(`${reason}\n`);
  return outcome.exitCode;
}

/**
 * `--share` reads every input twice (a redacted copy, then the summary of the copies): an input that gives
 * its bytes once (standard input, a pipe) cannot be shared, and the folder must be new or empty. Both are
 * checked before anything is read.
 */
function checkShareInputs(files: readonly string[], folder: string, checkShareFolder: (folder: string) => void): void {
  const once = files.find((file) => !canReadTwice(file));
  if (once !== undefined) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `--share reads each log twice, and ${isStdin(once) ? 'standard input' : `"${once}"`} can be read only once (a pipe): save it to a file first and share that.`,
    );
  }
  checkShareFolder(folder);
}

function parseFormat(value: string | undefined): ReportFormat {
  const format = value ?? 'table';
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `--format "${format}" is not known: use ${REPORT_FORMATS.join(', ')}.`,
  );
}

import { IdleprobeError } from '../../errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { gradeJournal } from '../../grade/grade-journal.js';
import { readJournal } from '../../grade/read-journal.js';
import { cardHasFailure, type ReportCard } from '../../grade/report-card.js';
import { renderCard } from '../../report/render-card.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/render-summary.js';
import type { CliIo } from '../cli-io.js';

export interface GradeFlags {
  format?: string;
}

/** `--format` for the report card, checked before anything is read or started. */
export function parseCardFormat(format: string | undefined): ReportFormat {
  const chosen = format ?? 'table';
  if ((REPORT_FORMATS as readonly string[]).includes(chosen)) return chosen as ReportFormat;
  throw new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `--format "${chosen}" is not a report card format; use one of ${REPORT_FORMATS.join(', ')}.`,
  );
}

/** Prints the card and gives its exit code: 9 when any check failed, so a CI job fails on a regression. */
export function printCard(card: ReportCard, format: ReportFormat, io: CliIo): number {
  io.stdout.write(renderCard(card, format, { color: io.stdout.isTTY === true }));
  return cardHasFailure(card) ? EXIT_CODES.gradeFailed : EXIT_CODES.ok;
}

/** `idleprobe grade JOURNAL`: the report card of every client in a journal saved with `sim --journal`. */
export async function gradeCommand(file: string, flags: GradeFlags, io: CliIo): Promise<number> {
  const format = parseCardFormat(flags.format);
  const records = await readJournal(file, {
    stdin: io.stdin,
    onWarning: (message) => io.stderr.write(`idleprobe: ${message}\n`),
  });
  return printCard(gradeJournal(records), format, io);
}

import type { EventEmitter } from 'node:events';
import { gradeJournal } from '../../grade/grade-journal.js';
import type { GradeRecord } from '../../grade/journal-record.js';
import type { ReportCard } from '../../grade/report-card.js';
import type { ReportFormat } from '../../report/render-summary.js';
import type { CliIo } from '../cli-io.js';
import { printCard } from './grade.js';

/** The records a socket repeats all session long; no check reads more than the latest of a run of them. */
const REPEATED = new Set(['heartbeat', 'pong', 'notification']);

/**
 * `sim --grade`: collects the journal while the simulator runs and, when it stops, prints the report card
 * and gives its exit code. A run of repeated records of one socket (heartbeats every 30 s all day) is held
 * as its latest, so a long session holds about what the checks read, and the card is the very one
 * `idleprobe grade` makes from the whole journal file.
 */
export function collectForGrade(
  journal: EventEmitter,
  heartbeatIntervalMs: number,
): { card(): ReportCard; finish(format: ReportFormat, io: CliIo): number } {
  const records: GradeRecord[] = [];
  const onRecord = (record: GradeRecord): void => {
    const last = records.at(-1);
    if (
      last !== undefined &&
      REPEATED.has(record.kind) &&
      last.kind === record.kind &&
      last.socket === record.socket &&
      last.client === record.client
    )
      records[records.length - 1] = record;
    else records.push(record);
  };
  journal.on('record', onRecord);
  const card = (): ReportCard => gradeJournal(records, { heartbeatIntervalMs });
  return {
    card,
    finish(format, io) {
      journal.off('record', onRecord);
      return printCard(card(), format, io);
    },
  };
}

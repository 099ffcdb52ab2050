import type { EventEmitter } from 'node:events';
import { gradeJournal } from '../../grade/grade-journal.js';
import type { GradeRecord } from '../../grade/journal-record.js';
import type { ReportFormat } from '../../report/render-summary.js';
import type { CliIo } from '../cli-io.js';
import { printCard } from './grade.js';

/**
 * `sim --grade`: collects the journal while the simulator runs and, when it stops, prints the report card
 * and gives its exit code. Heartbeat records are not kept once the interval is known (the only thing the
 * grader takes from them), so a long session holds only what the checks read.
 */
export function collectForGrade(
  journal: EventEmitter,
  heartbeatIntervalMs: number,
): { finish(format: ReportFormat, io: CliIo): number } {
  const records: GradeRecord[] = [];
  const onRecord = (record: GradeRecord): void => {
    if (record.kind !== 'heartbeat' && record.kind !== 'notification' && record.kind !== 'pong') records.push(record);
  };
  journal.on('record', onRecord);
  return {
    finish(format, io) {
      journal.off('record', onRecord);
      return printCard(gradeJournal(records, { heartbeatIntervalMs }), format, io);
    },
  };
}

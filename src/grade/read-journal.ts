import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { IdleprobeError } from '../errors.js';
import { isStdin, openLog } from '../log/open-log.js';
import { readLines } from '../log/read-lines.js';
import { checkJournalRecord } from './check-record.js';
import type { GradeRecord } from './journal-record.js';

/**
 * Reads a journal saved by `idleprobe sim --journal FILE` (or standard input for `-`): every line checked
 * before the grader sees it. An empty line is skipped; a broken last line is what a killed simulator leaves,
 * so it is skipped with a warning; any other bad line stops the read, naming the line and what to do.
 */
export async function readJournal(
  file: string,
  options: { stdin?: Readable; onWarning?: (message: string) => void } = {},
): Promise<GradeRecord[]> {
  checkJournalPath(file);
  const input = await openLog(file, options.stdin);
  const records: GradeRecord[] = [];
  let pending: { number: number; problem: string } | null = null;
  const fail = (number: number, problem: string): never => {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG_PARSE',
      `${input.name} line ${number} ${problem}. Give a journal written by idleprobe sim --journal FILE.`,
    );
  };
  for await (const batch of readLines(input.stream)) {
    for (const line of batch) {
      // A bad line followed by more lines is no torn tail.
      if (pending) fail(pending.number, pending.problem);
      if ('tooLong' in line) {
        pending = { number: line.number, problem: 'is longer than any journal record' };
        continue;
      }
      if (line.text.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line.text);
      } catch {
        pending = { number: line.number, problem: 'is not JSON' };
        continue;
      }
      const checked = checkJournalRecord(parsed);
      if ('problem' in checked) fail(line.number, checked.problem);
      else records.push(checked);
    }
  }
  if (pending)
    options.onWarning?.(`${input.name} line ${pending.number} ${pending.problem}: skipped as a torn last line.`);
  return records;
}

/** What `openLog` would say about a run log, said about a journal: which file `grade` wants. */
function checkJournalPath(file: string): void {
  if (isStdin(file)) return;
  let folder: boolean;
  try {
    folder = statSync(file).isDirectory();
  } catch (error) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `cannot read "${file}": ${(error as Error).message}. Give a journal written by idleprobe sim --journal FILE, or - for standard input.`,
      { cause: error },
    );
  }
  if (folder)
    throw new IdleprobeError(
      'IDLEPROBE_ERR_LOG',
      `"${file}" is a folder. Give one journal file, written by idleprobe sim --journal FILE.`,
    );
}

import { runReport, type ReportFlags } from '../../report/run-report.js';
import type { CliIo } from '../cli-io.js';

/**
 * `idleprobe report FILE...`: the same analysis the live run does, streamed from saved logs (and HAR
 * files), merged into one summary; the logic lives in src/report/run-report.ts.
 */
export async function reportCommand(files: string[], flags: ReportFlags, io: CliIo): Promise<number> {
  return runReport(files, flags, io);
}

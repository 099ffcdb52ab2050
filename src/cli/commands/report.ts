import { createReadStream } from 'node:fs';
import { ClosureAnalyzer } from '../../analysis/closure-analyzer.js';
import { IdleprobeError } from '../../errors.js';
import { readEventLog } from '../../log/read-log.js';
import { renderSummary } from '../../report/render-summary.js';
import type { CliIo } from '../cli-io.js';
import type { SummaryFormat } from '../run-plan.js';

/**
 * `idleprobe report FILE...`: the same analysis the live run does, streamed from saved logs, so the
 * summary of a log is the summary its run printed. Several files are read one after the other, each run
 * analysed on its own.
 */
export async function reportCommand(files: string[], flags: { format?: string }, io: CliIo): Promise<number> {
  const format = parseReportFormat(flags.format);
  const analyzer = new ClosureAnalyzer();
  for (const file of files) {
    const input = await openLog(file);
    for await (const event of readEventLog(input, file, { onWarning: (message) => io.stderr.write(`idleprobe: ${message}\n`) })) {
      analyzer.push(event);
    }
  }
  io.stdout.write(renderSummary(analyzer.finish(), format, { color: io.stdout.isTTY === true }));
  return 0;
}

function openLog(file: string): Promise<NodeJS.ReadableStream & import('node:stream').Readable> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error) =>
      reject(new IdleprobeError('IDLEPROBE_ERR_LOG', `cannot read "${file}": ${error.message}. Give the path of an event log written by idleprobe run.`, { cause: error })),
    );
  });
}

function parseReportFormat(value: string | undefined): SummaryFormat {
  const format = value ?? 'table';
  if (format === 'table' || format === 'json' || format === 'markdown') return format;
  throw new IdleprobeError('IDLEPROBE_ERR_USAGE', `--format "${format}" is not known: use table, json or markdown.`);
}

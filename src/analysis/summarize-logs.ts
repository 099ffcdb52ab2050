import type { Readable } from 'node:stream';
import { sniffLogFormat } from '../har/detect-log-format.js';
import { readHar } from '../har/read-har.js';
import { openLog } from '../log/open-log.js';
import { readEventBatches } from '../log/read-log.js';
import { ClosureAnalyzer } from './closure-analyzer.js';
import type { ConnectionObserver } from './connection-observer.js';
import { settledForAReport } from './settled-store.js';
import type { RunSummary } from './summary.js';

export interface SummarizeOptions {
  /** Told about lines skipped rather than fatal (a final line cut short, events of kinds this version does not know). */
  onWarning?: (message: string) => void;
  /** How a file is named in the rows' `source` (default: the path as given; null leaves it unnamed). */
  sourceName?: (file: string) => string | null;
  /** Told about each connection and hears its frames, as the analysis numbers them (the SVG's `TimelineCollector`). */
  timelines?: ConnectionObserver;
  /** What a file named `-` reads. */
  stdin?: Readable;
}

/**
 * Reads several event logs (several machines, several runs; HAR files exported from a browser are told
 * apart by content; `-` is standard input) one after the other into one summary. Each file streams line by
 * line through one analyzer, so memory holds the open connections, never a whole log, and the settled
 * closures wait in a temporary file until the rows are made (settled-store.ts). Runs are
 * numbered across all files and every row names its file, so connection numbers that repeat from one log to
 * the next never collide.
 */
export async function summarizeLogs(files: readonly string[], options: SummarizeOptions = {}): Promise<RunSummary> {
  const analyzer = new ClosureAnalyzer(options.timelines ?? null, settledForAReport());
  try {
    return await analyzeFiles(analyzer, files, options);
  } finally {
    analyzer.release();
  }
}

async function analyzeFiles(
  analyzer: ClosureAnalyzer,
  files: readonly string[],
  options: SummarizeOptions,
): Promise<RunSummary> {
  for (const file of files) {
    analyzer.beginSource(options.sourceName ? options.sourceName(file) : file);
    const input = await openLog(file, options.stdin);
    try {
      const { format, chunks } = await sniffLogFormat(input.stream);
      if (format === 'har') for (const event of await readHar(chunks, input.name)) analyzer.push(event);
      else
        for await (const batch of readEventBatches(chunks, input.name, options))
          for (const event of batch) analyzer.push(event);
    } finally {
      input.stream.destroy();
    }
  }
  return analyzer.finish();
}

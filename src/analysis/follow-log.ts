import type { Clock } from '../clock/clock.js';
import { IdleprobeError } from '../errors.js';
import type { ProbeEvent } from '../events/types.js';
import { readEventLog } from '../log/read-log.js';
import { FileTail, type TailEnd, type TailNotice } from '../log/tail-file.js';
import { ClosureAnalyzer } from './closure-analyzer.js';
import type { ConnectionObserver } from './connection-observer.js';
import { settledForAReport } from './settled-store.js';
import type { RunSummary } from './summary.js';

export interface FollowOptions {
  clock: Clock;
  /** Aborted on Ctrl-C: the follow ends with the summary of what was read. */
  signal: AbortSignal;
  /** Each event as it is read, after the analyzer has it: the live view. */
  onEvent?(event: ProbeEvent): void;
  onNotice?(notice: TailNotice): void;
  /** Everything written so far has been read: the live view may settle. */
  onIdle?(): void;
  onWarning?(message: string): void;
  timelines?: ConnectionObserver;
  pollMs?: number;
}

export interface FollowResult {
  summary: RunSummary;
  /** Why the follow ended: `done` on a run-end with nothing after it. */
  end: TailEnd;
}

/**
 * `report --follow`: a growing log streamed through the same line reader and the same analyzer as
 * `report` (one log, rows unnamed, as `report LOG` has them), so the summary at the end is the one `report`
 * prints for the finished file. It ends on a `run-end` that is the last thing in the file when no more
 * bytes come (a log may hold several runs one after the other), on the stop signal, or when the file is
 * truncated or replaced.
 */
export async function followLog(path: string, options: FollowOptions): Promise<FollowResult> {
  const analyzer = new ClosureAnalyzer(options.timelines ?? null, settledForAReport());
  try {
    return await follow(analyzer, path, options);
  } finally {
    analyzer.release();
  }
}

async function follow(analyzer: ClosureAnalyzer, path: string, options: FollowOptions): Promise<FollowResult> {
  analyzer.beginSource(null);
  let lastWasRunEnd = false;
  let events = 0;
  let appeared = true;
  const tail = new FileTail(path, {
    clock: options.clock,
    signal: options.signal,
    isDone: () => lastWasRunEnd,
    onNotice: (notice) => {
      appeared = notice.kind === 'appeared';
      options.onNotice?.(notice);
    },
    ...(options.onIdle ? { onIdle: options.onIdle } : {}),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  try {
    for await (const event of readEventLog(tail.chunks(), path, { onWarning: options.onWarning })) {
      events += 1;
      lastWasRunEnd = event.event === 'run-end';
      analyzer.push(event);
      options.onEvent?.(event);
    }
  } catch (error) {
    // An empty read is only an error of the file's when the file ended; stopped early, it is just early.
    if (events === 0 && tail.end !== null && tail.end !== 'done') throw nothingRead(path, tail.end, appeared);
    throw error;
  }
  return { summary: analyzer.finish(), end: tail.end ?? 'done' };
}

function nothingRead(path: string, end: TailEnd, appeared: boolean): IdleprobeError {
  const what =
    end === 'stopped'
      ? appeared
        ? 'had no complete event yet when the follow was stopped'
        : 'never appeared before the follow was stopped'
      : `was ${end === 'truncated' ? 'emptied' : 'replaced'} before it held a complete event`;
  return new IdleprobeError(
    'IDLEPROBE_ERR_LOG',
    `${path} ${what}, so there is nothing to summarise: check that it is the --log path of the run you mean.`,
  );
}

import type { EventOf } from '../events/types.js';
import { isBuiltInSimulatorRun } from './box-clock.js';
import type { RunSummary } from './summary.js';

/** The part of a summary that says which runs the report holds: their count, start, end and time scale. */
export type RunFacts = Pick<
  RunSummary,
  'schema' | 'timeScale' | 'scenarioTime' | 'startedAt' | 'endedAt' | 'endReason' | 'target' | 'runs'
>;

/**
 * What the `run-start` and `run-end` lines of a report say. A log is appended to run after run and a
 * report may hold several logs: runs are counted across all of them, the first run names the start, the
 * target and the time scale of the summary, and the last run says how it ended.
 */
export class RunHeader {
  private runs = 0;
  private current = 1;
  private simulator = false;
  private first: EventOf<'run-start'> | null = null;
  private ended: EventOf<'run-end'> | null = null;

  /** The run the events now streaming belong to, from 1 (also before any `run-start`). */
  get run(): number {
    return Math.max(this.runs, 1);
  }

  /** The current run's time scale: raw `mono` differences times this are scenario time. */
  get timeScale(): number {
    return this.current;
  }

  /** Whether the current run probed the built-in simulator in-process (box-clock.ts). */
  get simulatorRun(): boolean {
    return this.simulator;
  }

  start(event: EventOf<'run-start'>): void {
    this.runs += 1;
    this.current = event.timeScale;
    this.simulator = isBuiltInSimulatorRun(event);
    this.first ??= event;
    // A new run has not ended yet, whatever the previous one did.
    this.ended = null;
  }

  end(event: EventOf<'run-end'>): void {
    this.ended = event;
  }

  facts(): RunFacts {
    const timeScale = this.first?.timeScale ?? 1;
    return {
      schema: 1,
      timeScale,
      scenarioTime: timeScale !== 1,
      startedAt: this.first?.time ?? null,
      endedAt: this.ended?.time ?? null,
      endReason: this.ended?.reason ?? null,
      target: this.first?.target ?? null,
      runs: this.runs,
    };
  }
}

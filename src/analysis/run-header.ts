import type { EventOf } from '../events/types.js';
import { isBuiltInSimulatorRun } from './box-clock.js';
import type { RunSummary } from './summary.js';

/** The part of a summary that says which runs the report holds: their count, start, end and time scales. */
export type RunFacts = Pick<
  RunSummary,
  | 'schema'
  | 'timeScale'
  | 'timeScales'
  | 'scenarioTime'
  | 'startedAt'
  | 'endedAt'
  | 'endReason'
  | 'target'
  | 'targets'
  | 'files'
  | 'runs'
>;

/**
 * What the `run-start` and `run-end` lines of a report say. A log is appended to run after run and a
 * report may hold several logs (several machines, read in whatever order they were named): runs are
 * counted across all of them, the earliest start and the latest end bound the report whatever the order
 * of the files, each run keeps its own target and time scale, and the first run names the target.
 */
export class RunHeader {
  private runs = 0;
  private files = 0;
  private current = 1;
  private simulator = false;
  private first: EventOf<'run-start'> | null = null;
  private earliestStart: string | null = null;
  private latestEnd: EventOf<'run-end'> | null = null;
  /** Whether the last run of the file now streaming has ended (an earlier run of an appended log may not have). */
  private lastRunEnded = true;
  /** True once a file's last run never ended: the report's end is then unknown. */
  private anyFileUnended = false;
  private readonly scales: number[] = [];
  /** The target of each run, by its number: keepalive verdicts are given per target and scenario. */
  private readonly targets = new Map<number, string | null>();

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

  /** A new file begins: the one before it ended with its last run, ended or not. */
  beginFile(): void {
    this.endFile();
    this.files += 1;
  }

  start(event: EventOf<'run-start'>): void {
    this.runs += 1;
    this.current = event.timeScale;
    this.simulator = isBuiltInSimulatorRun(event);
    this.first ??= event;
    if (this.earliestStart === null || isBefore(event.time, this.earliestStart)) this.earliestStart = event.time;
    if (!this.scales.includes(event.timeScale)) this.scales.push(event.timeScale);
    this.targets.set(this.runs, event.target);
    // A new run has not ended yet, whatever the previous one did.
    this.lastRunEnded = false;
  }

  end(event: EventOf<'run-end'>): void {
    this.lastRunEnded = true;
    if (this.latestEnd === null || !isBefore(event.time, this.latestEnd.time)) this.latestEnd = event;
  }

  /** What run `run` probed (a region, or the simulator and its scenario); null when the log does not say. */
  targetOf(run: number): string | null {
    return this.targets.get(run) ?? null;
  }

  facts(): RunFacts {
    const timeScale = this.first?.timeScale ?? 1;
    const unended = this.anyFileUnended || !this.lastRunEnded;
    const timeScales = this.scales.length > 0 ? [...this.scales].sort((a, b) => a - b) : [timeScale];
    return {
      schema: 1,
      timeScale,
      timeScales,
      scenarioTime: timeScales.some((scale) => scale !== 1),
      startedAt: this.earliestStart,
      endedAt: unended ? null : (this.latestEnd?.time ?? null),
      endReason: unended ? null : (this.latestEnd?.reason ?? null),
      target: this.first?.target ?? null,
      targets: [...new Set([...this.targets.values()].filter((target): target is string => target !== null))],
      files: Math.max(this.files, 1),
      runs: this.runs,
    };
  }

  private endFile(): void {
    if (this.files > 0 && !this.lastRunEnded) this.anyFileUnended = true;
    this.lastRunEnded = true;
  }
}

/** Whether wall time `a` comes before `b` (ISO strings; parsed, since offsets other than Z may appear). */
function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

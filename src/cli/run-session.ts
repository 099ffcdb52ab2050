import { ClosureAnalyzer } from '../analysis/closure-analyzer.js';
import { settledOffHeap } from '../analysis/settled-store.js';
import type { RunSummary } from '../analysis/summary.js';
import type { Clock } from '../clock/clock.js';
import type { IdleprobeError } from '../errors.js';
import { EventBus } from '../events/bus.js';
import type { RunEndReason } from '../events/types.js';
import type { EventLog } from '../log/event-log.js';
import type { ProbeConfig } from '../probe/config.js';
import { type ProbeHandle, type ProbeOutcome, type ProbeRunDeps, startProbe } from '../probe/run-probe.js';
import type { OutputStream } from './cli-io.js';
import { printNotices, startLiveStatus } from './live-status.js';

export interface RunSessionOptions {
  config: ProbeConfig;
  clock: Clock;
  /** What `run-start` records besides the time scale (which is the config's). */
  runStart: { version: string; options: Record<string, unknown>; target: string };
  /** Where every event goes first, before anything reacts to it: the event log (a test's list in tests). */
  log: EventLog;
  /** A subscriber threw: the event still reached the others. */
  onListenerError: (error: unknown) => void;
  /** Also reads the run's events, after the analysis has taken each one (the metrics endpoint). */
  observe?: (bus: EventBus, analysis: ClosureAnalyzer) => void;
  /**
   * The person watching: notices, and the status when asked, as a live view redrawn in place when the
   * stream is a terminal that can (`redraw`). Absent in tests.
   */
  terminal?: { stream: OutputStream; statusLine: boolean; redraw: boolean; scrub: (text: string) => string };
  /** The probe's network, secrets and samplers; the clock and bus are the session's. */
  probe: Omit<ProbeRunDeps, 'clock' | 'bus'>;
}

export interface RunSession {
  readonly bus: EventBus;
  /** Asks the probe to stop (Ctrl-C, SIGTERM, SIGHUP); the summary still follows. */
  stop(reason: RunEndReason): void;
  /** Closes the event log at once, for a process about to end without waiting for the probe. */
  abandon(): void;
  /** Takes the live view off the terminal until its next repaint, for a line printed outside it. */
  clearStatus(): void;
  /**
   * The probe's outcome and the analysis of everything it saw, once the run has stopped and the log is
   * closed; `logFailure` says why the log stopped taking lines, when it did (the run was stopped for it).
   */
  readonly done: Promise<{ outcome: ProbeOutcome; summary: RunSummary; logFailure: IdleprobeError | null }>;
}

/**
 * One live run, wired the same way for the command and for tests: the event bus, then its subscribers in
 * this order (the log, so an event is on disk before anything reacts to it; the streaming analysis; what
 * the person watching sees), `run-start`, and the probe. This is where the probe and the analysis meet:
 * only through the events.
 */
export function startRunSession(options: RunSessionOptions): RunSession {
  const { config, clock, log, terminal } = options;
  const bus = new EventBus(clock, options.onListenerError);
  let probe: ProbeHandle | null = null;
  bus.subscribe((event) => {
    log.write(event);
    // A log that can no longer be written ends the run: a probe whose evidence is not kept is not worth
    // running on, and the summary still comes from the analysis, which saw every event.
    if (log.failure !== null) probe?.stop('error');
  });
  // A day's thousands of closures wait in a temporary file, not the heap, until the summary (settled-store.ts).
  const analyzer = new ClosureAnalyzer(null, settledOffHeap());
  bus.subscribe((event) => analyzer.push(event));
  options.observe?.(bus, analyzer);
  const status = terminal?.statusLine
    ? startLiveStatus(bus, clock, terminal.stream, config.timeScale, terminal.redraw)
    : null;
  const stopNotices = terminal ? printNotices(bus, terminal.stream, terminal.scrub, () => status?.clear()) : null;
  const { version, options: publicOptions, target } = options.runStart;
  bus.publish({ event: 'run-start', version, options: publicOptions, timeScale: config.timeScale, target });
  probe = startProbe(config, { ...options.probe, clock, bus });
  if (log.failure !== null) probe.stop('error');
  const done = probe.done.finally(() => {
    status?.stop();
    stopNotices?.();
    log.close();
  });
  return {
    bus,
    stop: (reason) => probe?.stop(reason),
    clearStatus: () => status?.clear(),
    abandon: () => {
      // The process ends now: what follows on the terminal must not land on the live view's last line.
      status?.stop();
      log.close();
    },
    done: done.then((outcome) => {
      try {
        return { outcome, summary: analyzer.finish(), logFailure: log.failure };
      } finally {
        analyzer.release();
      }
    }),
  };
}

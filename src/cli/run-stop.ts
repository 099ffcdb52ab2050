import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo, StopSignal } from './cli-io.js';

/** The running probe, as a stop signal reaches it. */
export interface StoppableRun {
  /** Asks it to stop; the summary still follows. */
  stop(): void;
  /** Closes its event log at once, for a process about to end without waiting. */
  abandon(): void;
}

export interface RunStopSignals {
  /** The last stop signal received, or null: a run that sees one before its probe starts does not start it. */
  readonly received: StopSignal | null;
  /** The probe, once started: a stop signal from now on asks it to stop. */
  attach(run: StoppableRun): void;
  /** The exit code the signals received call for (0 without one). */
  exitCode(): number;
  release(): void;
}

const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = {
  SIGINT: EXIT_CODES.interrupted,
  SIGTERM: EXIT_CODES.terminated,
  SIGHUP: EXIT_CODES.hangup,
};

/**
 * Ctrl-C, SIGTERM and SIGHUP for a whole run, handled from before its first output: one that comes while
 * the simulator, the network path or the metrics endpoint is being set up is kept (the run then ends
 * without starting the probe) instead of killing the process with nothing said. Once the probe runs, it is
 * asked to stop and the summary follows. A second Ctrl-C means "now": every event is on disk already (the
 * log writes each one as it happens), so the log is closed and the process ends without waiting for
 * connections to close.
 */
export function watchStopSignals(io: CliIo): RunStopSignals {
  let received: StopSignal | null = null;
  let run: StoppableRun | null = null;
  const release = io.onStopSignal((signal) => {
    if (received !== null && signal === 'SIGINT' && io.exitNow) {
      run?.abandon();
      io.stderr.write(
        run
          ? 'idleprobe: stopped at once on a second Ctrl-C; the event log is complete up to now.\n'
          : 'idleprobe: stopped at once on a second Ctrl-C, before the probe started.\n',
      );
      io.exitNow(EXIT_CODES.interrupted);
    }
    received = signal;
    run?.stop();
  });
  return {
    get received() {
      return received;
    },
    attach(started) {
      run = started;
    },
    exitCode: () => (received === null ? EXIT_CODES.ok : SIGNAL_EXIT_CODES[received]),
    release,
  };
}

/** What a run stopped before its probe started says: it made no channel and wrote no log. */
export function stoppedBeforeStartNotice(signal: StopSignal): string {
  const by = signal === 'SIGINT' ? 'Ctrl-C' : signal === 'SIGHUP' ? 'a hangup (SIGHUP)' : 'SIGTERM';
  return `idleprobe: stopped by ${by} before the probe started: no channel was made and no event log was written.\n`;
}

import { join } from 'node:path';
import { logFileStamp } from '../../clock/time-text.js';
import { IdleprobeError, isIdleprobeError } from '../../errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { openEventLog } from '../../log/event-log.js';
import { SecretScrubber } from '../../log/secret-scrubber.js';
import type { ProbeRunDeps } from '../../probe/run-probe.js';
import { renderSummary } from '../../report/render-summary.js';
import type { TableOptions } from '../../report/render-table.js';
import type { CliIo } from '../cli-io.js';
import { keepLongRunMemoryFlat } from '../long-run-memory.js';
import type { RunMetricsEndpoint } from '../run-metrics.js';
import { planRun, type RunFlags, type RunPlan } from '../run-plan.js';
import { startRunSession } from '../run-session.js';
import { publicOptions, setUpTarget } from '../run-setup.js';
import { type RunStopSignals, stoppedBeforeStartNotice, watchStopSignals } from '../run-stop.js';
import { untilStoppedNotice } from '../stop-notice.js';
import { canRedraw, tableOptions } from '../terminal-choice.js';
import { VERSION } from '../version.js';

/** The probe's dependencies a test may put in place of the network stack's (a WebSocket factory, say). */
export type ProbeOverrides = Partial<Omit<ProbeRunDeps, 'clock' | 'bus' | 'onSecret'>>;

export async function runCommand(flags: RunFlags, io: CliIo, overrides: ProbeOverrides = {}): Promise<number> {
  const plan = planRun(flags, io.env);
  keepLongRunMemoryFlat();
  const scrubber = new SecretScrubber();
  try {
    return await runPlanned(plan, io, scrubber, overrides, tableOptions(flags, io));
  } catch (error) {
    // Whatever escapes is printed by main: it leaves through the scrubber like everything else.
    throw scrubbedError(error, scrubber);
  }
}

function scrubbedError(error: unknown, scrubber: SecretScrubber): Error {
  if (isIdleprobeError(error)) return new IdleprobeError(error.code, scrubber.scrub(error.message));
  const plain = new Error(scrubber.scrub((error as Error)?.message ?? String(error)));
  plain.stack = scrubber.scrub((error as Error)?.stack ?? plain.message);
  return plain;
}

async function runPlanned(
  plan: RunPlan,
  io: CliIo,
  scrubber: SecretScrubber,
  overrides: ProbeOverrides,
  layout: TableOptions,
): Promise<number> {
  // Before anything is printed: a Ctrl-C the moment the first line shows must end the run cleanly.
  const signals = watchStopSignals(io);
  try {
    return await runWatched(plan, io, scrubber, overrides, layout, signals);
  } finally {
    signals.release();
  }
}

async function runWatched(
  plan: RunPlan,
  io: CliIo,
  scrubber: SecretScrubber,
  overrides: ProbeOverrides,
  layout: TableOptions,
  signals: RunStopSignals,
): Promise<number> {
  const target = await setUpTarget(plan, io, scrubber);
  let metrics: RunMetricsEndpoint | null = null;
  try {
    // prom-client is loaded only by a run that serves metrics, and not for a run already stopped.
    if (plan.metrics && signals.received === null)
      metrics = await (await import('../run-metrics.js')).startRunMetrics(plan.metrics, io);
    if (target.sim && plan.target.kind === 'sim' && plan.target.reason === 'no-credentials') {
      io.stderr.write(
        `No Genesys credentials given: probing the built-in simulator (scenario "${target.sim.scenario.name}"). See --help for a real org.\n`,
      );
    }
    // Stopped while the target was set up: nothing was probed, so there is nothing to log or summarise.
    if (signals.received !== null) {
      io.stderr.write(stoppedBeforeStartNotice(signals.received));
      return signals.exitCode();
    }
    const logPath = plan.logPath ?? join(io.cwd, defaultLogName(io.clock.wallNow()));
    const { dispatcher, connect, describePath, proxyFor } = target.network;
    // A warning during the run takes the live view off the screen first, as a notice does.
    let clearStatus = (): void => {};
    const warn = (message: string): void => {
      clearStatus();
      io.stderr.write(scrubber.scrub(`idleprobe: ${message}\n`));
    };
    const session = startRunSession({
      config: target.config,
      clock: io.clock,
      runStart: { version: VERSION, options: publicOptions(plan, target), target: target.label },
      log: openEventLog(logPath, scrubber, {
        owner: io.self,
        wallNow: io.clock.wallNow(),
        onWarning: warn,
      }),
      onListenerError: (error) => warn((error as Error).message),
      terminal: {
        stream: io.stderr,
        statusLine: plan.status,
        redraw: canRedraw(io.env, io.stderr),
        scrub: (text) => scrubber.scrub(text),
      },
      probe: { dispatcher, connect, describePath, proxyFor, ...overrides, onSecret: (secret) => scrubber.add(secret) },
      ...(metrics ? { observe: metrics.observe } : {}),
    });
    clearStatus = () => session.clearStatus();
    const running = metrics;
    signals.attach({
      stop() {
        running?.stopLingering();
        session.stop('signal');
      },
      abandon: () => session.abandon(),
    });
    const untilStopped = untilStoppedNotice(plan);
    if (untilStopped) io.stderr.write(untilStopped);
    const { outcome, summary, logFailure } = await session.done;

    // A run that failed before any connection opened has nothing to summarise: the error says it all. A
    // run stopped by its log has the summary as its only complete record.
    if (!outcome.error || summary.connections > 0 || logFailure) {
      io.stdout.write(scrubber.scrub(renderSummary(summary, plan.format, layout)));
    }
    // A log that failed is not named as if it were whole: the message says what it holds.
    if (logFailure)
      io.stderr.write(scrubber.scrub(`idleprobe: ${logFailure.message} The summary covers every event the run saw.\n`));
    else io.stderr.write(`Event log: ${logPath}\n`);
    if (outcome.error) io.stderr.write(scrubber.scrub(`idleprobe: ${outcome.error.message}\n`));
    // The summary is out first: the wait for Prometheus's last scrape holds nothing a person reads.
    await metrics?.linger();
    return outcome.error || logFailure ? EXIT_CODES.failed : signals.exitCode();
  } finally {
    await metrics?.close();
    await target.close();
  }
}

function defaultLogName(wallMs: number): string {
  return `idleprobe-${logFileStamp(wallMs)}.ndjson`;
}

import { join } from 'node:path';
import { logFileStamp } from '../../clock/time-text.js';
import { IdleprobeError, isIdleprobeError } from '../../errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { openEventLog } from '../../log/event-log.js';
import { SecretScrubber } from '../../log/secret-scrubber.js';
import type { ProbeRunDeps } from '../../probe/run-probe.js';
import { renderSummary } from '../../report/render-summary.js';
import type { TableOptions } from '../../report/render-table.js';
import type { CliIo, StopSignal } from '../cli-io.js';
import type { RunMetricsEndpoint } from '../run-metrics.js';
import { planRun, type RunFlags, type RunPlan } from '../run-plan.js';
import { startRunSession } from '../run-session.js';
import { publicOptions, setUpTarget } from '../run-setup.js';
import { untilStoppedNotice } from '../stop-notice.js';
import { canRedraw, tableOptions } from '../terminal-choice.js';
import { VERSION } from '../version.js';
import { holdYoungGeneration } from '../young-generation.js';

/** The probe's dependencies a test may put in place of the network stack's (a WebSocket factory, say). */
export type ProbeOverrides = Partial<Omit<ProbeRunDeps, 'clock' | 'bus' | 'onSecret'>>;

export async function runCommand(flags: RunFlags, io: CliIo, overrides: ProbeOverrides = {}): Promise<number> {
  const plan = planRun(flags, io.env);
  holdYoungGeneration();
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
  const target = await setUpTarget(plan, io, scrubber);
  let metrics: RunMetricsEndpoint | null = null;
  try {
    // prom-client is loaded only by a run that serves metrics.
    metrics = plan.metrics ? await (await import('../run-metrics.js')).startRunMetrics(plan.metrics, io) : null;
    if (target.sim && plan.target.kind === 'sim' && plan.target.reason === 'no-credentials') {
      io.stderr.write(
        `No Genesys credentials given: probing the built-in simulator (scenario "${target.sim.scenario.name}"). See --help for a real org.\n`,
      );
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
    let exitCode: number = EXIT_CODES.ok;
    let stopping = false;
    const releaseSignals = io.onStopSignal((signal) => {
      // A second Ctrl-C means "now": every event is on disk already (the log writes each one as it
      // happens); the log is closed, and the process ends without waiting for connections to close.
      if (stopping && signal === 'SIGINT' && io.exitNow) {
        session.abandon();
        io.stderr.write('idleprobe: stopped at once on a second Ctrl-C; the event log is complete up to now.\n');
        io.exitNow(EXIT_CODES.interrupted);
      }
      stopping = true;
      metrics?.stopLingering();
      exitCode = SIGNAL_EXIT_CODES[signal];
      session.stop('signal');
    });
    // Said once Ctrl-C is handled, so whoever acts on it gets the summary.
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
    releaseSignals();
    return outcome.error || logFailure ? EXIT_CODES.failed : exitCode;
  } finally {
    await metrics?.close();
    await target.close();
  }
}

const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = {
  SIGINT: EXIT_CODES.interrupted,
  SIGTERM: EXIT_CODES.terminated,
  SIGHUP: EXIT_CODES.hangup,
};

function defaultLogName(wallMs: number): string {
  return `idleprobe-${logFileStamp(wallMs)}.ndjson`;
}

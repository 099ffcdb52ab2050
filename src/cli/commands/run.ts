import { join } from 'node:path';
import { keepaliveLabel } from '../../channel/keepalive.js';
import { ClosureAnalyzer } from '../../analysis/closure-analyzer.js';
import { EventBus } from '../../events/bus.js';
import type { RunEndReason } from '../../events/types.js';
import { openEventLog } from '../../log/event-log.js';
import { SecretScrubber } from '../../log/secret-scrubber.js';
import { DEFAULT_BACKOFF, DEFAULT_HEARTBEAT_INTERVAL_MS, type ProbeConfig } from '../../probe/config.js';
import { startProbe } from '../../probe/run-probe.js';
import { renderSummary } from '../../report/render-summary.js';
import { startSimulator, type RunningSimulator } from '../../sim/simulator.js';
import type { CliIo } from '../cli-io.js';
import { startLiveStatus } from '../live-status.js';
import { planRun, type RunFlags, type RunPlan } from '../run-plan.js';
import { VERSION } from '../version.js';

/** Exit codes of `idleprobe run`, documented in the README. */
export const RUN_EXIT = { done: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const plan = planRun(flags, io.env);
  const scrubber = new SecretScrubber();
  const sim = plan.target.kind === 'sim' ? await startSimulator({ scenario: plan.target.scenario, timeScale: plan.timeScale, clock: io.clock }) : null;
  try {
    if (sim && plan.target.kind === 'sim' && plan.target.reason === 'no-credentials') {
      io.stderr.write(`No Genesys credentials given: probing the built-in simulator (scenario "${sim.scenario.name}"). See --help for a real org.\n`);
    }
    const config = probeConfig(plan, sim);
    if (config.auth.kind === 'token') scrubber.add(config.auth.token);
    else scrubber.add(config.auth.clientSecret);
    const logPath = plan.logPath ?? join(io.cwd, defaultLogName(io.clock.wallNow()));
    const log = openEventLog(logPath, scrubber);
    const analyzer = new ClosureAnalyzer();
    const bus = new EventBus(io.clock, (error) => io.stderr.write(scrubber.scrub(`idleprobe: ${(error as Error).message}\n`)));
    bus.subscribe((event) => log.write(event));
    bus.subscribe((event) => analyzer.push(event));
    const status = plan.status ? startLiveStatus(bus, io.clock, io.stderr, plan.timeScale) : null;
    bus.publish({ event: 'run-start', version: VERSION, options: publicOptions(plan, config), timeScale: plan.timeScale, target: targetLabel(plan, sim) });

    const probe = startProbe(config, { clock: io.clock, bus, onSecret: (secret) => scrubber.add(secret) });
    let signalled: RunEndReason | null = null;
    let exitForSignal: number = RUN_EXIT.done;
    const releaseSignals = io.onStopSignal((signal) => {
      signalled = 'signal';
      exitForSignal = signal === 'SIGINT' ? RUN_EXIT.interrupted : RUN_EXIT.terminated;
      probe.stop('signal');
    });
    const outcome = await probe.done;
    releaseSignals();
    status?.stop();
    log.close();

    const summary = analyzer.finish();
    // A run that failed before any connection opened has nothing to summarise: the error says it all.
    if (!outcome.error || summary.connections > 0) {
      io.stdout.write(scrubber.scrub(renderSummary(summary, plan.format, { color: io.stdout.isTTY === true })));
    }
    io.stderr.write(`Event log: ${logPath}\n`);
    if (outcome.error) {
      io.stderr.write(scrubber.scrub(`idleprobe: ${outcome.error.message}\n`));
      return RUN_EXIT.failed;
    }
    return signalled ? exitForSignal : RUN_EXIT.done;
  } finally {
    await sim?.close();
  }
}

function probeConfig(plan: RunPlan, sim: RunningSimulator | null): ProbeConfig {
  const common = {
    topics: plan.topics,
    keepalives: plan.keepalives,
    channelsPerKeepalive: plan.channelsPerKeepalive,
    reconnect: plan.reconnect,
    allowEviction: plan.allowEviction,
    heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
    watchdogMs: plan.watchdogMs,
    durationMs: plan.durationMs,
    maxClosures: plan.maxClosures,
    timeScale: plan.timeScale,
    backoff: DEFAULT_BACKOFF,
  };
  if (sim) {
    // The simulator's agent token: the run reproduces an agent app's own channel, as in the support thread.
    return { ...common, apiBase: sim.apiBase, loginBase: sim.loginBase, auth: { kind: 'token', token: sim.credentials.userToken } };
  }
  if (plan.target.kind !== 'service') throw new Error('a service target is needed without the simulator');
  return { ...common, apiBase: plan.target.apiBase, loginBase: plan.target.loginBase, auth: plan.target.auth };
}

/** What run-start records about the options: everything but credentials. */
function publicOptions(plan: RunPlan, config: ProbeConfig): Record<string, unknown> {
  return {
    auth: config.auth.kind === 'token' ? 'token' : { kind: 'client-credentials', clientId: config.auth.clientId },
    topics: plan.topics,
    keepalives: plan.keepalives.map(keepaliveLabel),
    channelsPerKeepalive: plan.channelsPerKeepalive,
    reconnect: plan.reconnect,
    allowEviction: plan.allowEviction,
    watchdogMs: plan.watchdogMs,
    durationMs: plan.durationMs,
    maxClosures: plan.maxClosures,
    ...(plan.target.kind === 'sim' ? { scenario: plan.target.scenario } : {}),
  };
}

function targetLabel(plan: RunPlan, sim: RunningSimulator | null): string {
  if (sim) return `simulator (scenario ${sim.scenario.name})`;
  return plan.target.kind === 'service' ? plan.target.label : 'unknown';
}

function defaultLogName(wallMs: number): string {
  const stamp = new Date(wallMs).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `idleprobe-${stamp}.ndjson`;
}

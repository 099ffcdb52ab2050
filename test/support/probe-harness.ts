import type { RunSummary } from '../../src/analysis/summary.js';
import { startRunSession } from '../../src/cli/run-session.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { systemClock } from '../../src/clock/system-clock.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { DEFAULT_BACKOFF, type ProbeConfig } from '../../src/probe/config.js';
import type { ProbeOutcome, ProbeRunDeps } from '../../src/probe/run-probe.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { type RunningSimulator, type SimRecord, startSimulator } from '../../src/sim/simulator.js';
import { type DriveLimits, driveUntil } from './clock-driver.js';
import { LoopbackTraffic } from './loopback-traffic.js';

export interface ProbeRunResult {
  outcome: ProbeOutcome;
  events: ProbeEvent[];
  records: SimRecord[];
  summary: RunSummary;
  sim: RunningSimulator;
}

/** A scenario with short intervals, so a test sees several closures in well under a second of test time. */
export function fastScenario(overrides: Partial<Scenario>): Scenario {
  return {
    name: 'test',
    summary: 'test scenario',
    hypothesis: 'test',
    basis: 'assumed',
    heartbeatIntervalMs: 100,
    topicEventIntervalMs: null,
    closeRules: [],
    ...overrides,
  };
}

/** A run that has not ended after this much real time is hung; one past this much test time loops. */
const DEFAULT_LIMITS: DriveLimits = { realMs: 60_000, manualMs: 3_600_000 };

/**
 * Runs the real probe against the real simulator over loopback sockets, collecting what the probe
 * published and what the simulator says it did, so tests can compare the two.
 *
 * Both run on one manual clock that jumps to the next timer whenever nothing is in flight between their
 * sockets (test/support/clock-driver.ts): every duration a test reads is exact, and a loaded machine
 * cannot change the outcome. `clock: 'real'` is for runs whose traffic leaves the process (a Squid), which
 * the driver cannot see.
 */
export async function probeAgainstSim(
  sim: {
    scenario: Scenario | string;
    timeScale?: number;
    tokenLifetimeMs?: number;
    /** The agent's token (default) or the simulator's OAuth client. */
    auth?: 'user' | 'client';
    /** The URL the simulator advertises, when a front stands before it (see probe-through-box.ts). */
    publicUrl?: string;
    /** Runs once the simulator is up and before the probe starts. */
    prepare?: (server: RunningSimulator) => Promise<void>;
    clock?: 'manual' | 'real';
    limits?: Partial<DriveLimits>;
  },
  config: Partial<ProbeConfig>,
  deps: Partial<Omit<ProbeRunDeps, 'clock' | 'bus'>> = {},
): Promise<ProbeRunResult> {
  const manual = sim.clock === 'real' ? null : new ManualClock();
  const clock = manual ?? systemClock;
  const traffic = manual ? new LoopbackTraffic().start() : null;
  const limits = { ...DEFAULT_LIMITS, ...sim.limits };
  const server = await startSimulator({
    scenario: sim.scenario,
    timeScale: sim.timeScale ?? 1,
    clock,
    ...(sim.tokenLifetimeMs ? { tokenLifetimeMs: sim.tokenLifetimeMs } : {}),
    ...(sim.publicUrl ? { publicUrl: sim.publicUrl } : {}),
  });
  const c = server.credentials;
  const records: SimRecord[] = [];
  server.journal.on('record', (record: SimRecord) => records.push(record));
  // A subscriber that throws would otherwise lose its event silently: make it fail the test instead.
  const listenerErrors: unknown[] = [];
  const events: ProbeEvent[] = [];
  try {
    await sim.prepare?.(server);
    const session = startRunSession({
      config: {
        apiBase: server.apiBase,
        loginBase: server.loginBase,
        auth:
          sim.auth === 'client'
            ? { kind: 'client-credentials', clientId: c.clientId, clientSecret: c.clientSecret }
            : { kind: 'token', token: c.userToken },
        topics: [],
        keepalives: [{ kind: 'none' }],
        channelsPerKeepalive: 1,
        reconnect: 'same',
        allowEviction: false,
        watchdogMs: 75_000,
        durationMs: null,
        maxClosures: 1,
        timeScale: sim.timeScale ?? 1,
        backoff: { initialMs: 20, maxMs: 100 },
        ...config,
      },
      clock,
      runStart: { version: 'test', options: {}, target: 'simulator' },
      log: { write: (event) => events.push(event), failure: null, close: () => {} },
      onListenerError: (error) => listenerErrors.push(error),
      probe: { random: () => 0.5, onSecret: () => {}, ...deps },
    });
    try {
      if (manual && traffic) await driveUntil(session.done, manual, traffic, limits);
      else await settleWithin(session.done, limits.realMs);
    } catch (error) {
      session.stop('signal');
      throw error;
    }
    const { outcome, summary } = await session.done;
    if (listenerErrors.length > 0) throw listenerErrors[0];
    return { outcome, events, records, summary, sim: server };
  } finally {
    traffic?.stop();
    await server.close();
  }
}

/** Waits for a promise, giving up after `ms` of real time. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not end within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export { DEFAULT_BACKOFF };

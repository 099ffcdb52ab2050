import type { RunSummary } from '../../src/analysis/summary.js';
import { startRunSession } from '../../src/cli/run-session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { DEFAULT_BACKOFF, type ProbeConfig } from '../../src/probe/config.js';
import type { ProbeOutcome, ProbeRunDeps } from '../../src/probe/run-probe.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { type RunningSimulator, type SimRecord, startSimulator } from '../../src/sim/simulator.js';

export interface ProbeRunResult {
  outcome: ProbeOutcome;
  events: ProbeEvent[];
  records: SimRecord[];
  summary: RunSummary;
  sim: RunningSimulator;
}

/** A scenario with short real-time intervals, so a test sees several closures in well under a second. */
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

/**
 * Runs the real probe against the real simulator over loopback sockets, collecting what the probe
 * published and what the simulator says it did, so tests can compare the two.
 */
export async function probeAgainstSim(
  sim: {
    scenario: Scenario | string;
    timeScale?: number;
    tokenLifetimeMs?: number;
    /** The agent's token (default) or the simulator's OAuth client. */
    auth?: 'user' | 'client';
    /** Runs once the simulator is up and before the probe starts. */
    prepare?: (server: RunningSimulator) => Promise<void>;
  },
  config: Partial<ProbeConfig>,
  deps: Partial<ProbeRunDeps> = {},
): Promise<ProbeRunResult> {
  const server = await startSimulator({
    scenario: sim.scenario,
    timeScale: sim.timeScale ?? 1,
    ...(sim.tokenLifetimeMs ? { tokenLifetimeMs: sim.tokenLifetimeMs } : {}),
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
      clock: systemClock,
      runStart: { version: 'test', options: {}, target: 'simulator' },
      log: { write: (event) => events.push(event), close: () => {} },
      onListenerError: (error) => listenerErrors.push(error),
      probe: { random: () => 0.5, onSecret: () => {}, ...deps },
    });
    const { outcome, summary } = await session.done;
    if (listenerErrors.length > 0) throw listenerErrors[0];
    return { outcome, events, records, summary, sim: server };
  } finally {
    await server.close();
  }
}

export { DEFAULT_BACKOFF };

import { startRunSession } from '../../src/cli/run-session.js';
import type { Clock } from '../../src/clock/clock.js';
import { DEFAULT_BACKOFF, DEFAULT_WATCHDOG_FACTOR } from '../../src/probe/config.js';
import { HEARTBEAT_INTERVAL_MS } from '../../src/protocol/timing.js';
import type { RunningSimulator } from '../../src/sim/simulator.js';
import type { BenchClient } from './bench-clients.js';

/**
 * idleprobe's own `run` as a bench client, configured as the command configures it by default (client
 * credentials, `--reconnect same`, the 2.5-heartbeat watchdog, the default backoff, no end of its own).
 */
export function idleprobeClient(sim: RunningSimulator, clock: Clock): BenchClient {
  const problems: string[] = [];
  let session: ReturnType<typeof startRunSession> | null = null;
  return {
    problems,
    async start() {
      session = startRunSession({
        config: {
          apiBase: sim.apiBase,
          loginBase: sim.loginBase,
          auth: {
            kind: 'client-credentials',
            clientId: sim.credentials.clientId,
            clientSecret: sim.credentials.clientSecret,
          },
          // As a person would run it for an agent: `--topic v2.users.ID.presence` (client credentials have no {me}).
          topics: [`v2.users.${sim.credentials.userId}.presence`],
          keepalives: [{ kind: 'none' }],
          channelsPerKeepalive: 1,
          reconnect: 'same',
          allowEviction: false,
          watchdogMs: HEARTBEAT_INTERVAL_MS * DEFAULT_WATCHDOG_FACTOR,
          durationMs: null,
          maxClosures: null,
          timeScale: 1,
          backoff: DEFAULT_BACKOFF,
        },
        clock,
        runStart: { version: 'test', options: {}, target: 'simulator' },
        log: { write: () => {}, failure: null, close: () => {} },
        onListenerError: (error) => problems.push(String(error)),
        probe: { random: () => 0.5, onSecret: () => {} },
      });
      session.done.then(
        ({ outcome }) => {
          if (outcome.endReason !== 'signal' || outcome.error)
            problems.push(`the run ended ${outcome.endReason}: ${outcome.error?.message ?? 'no error'}`);
        },
        (error: unknown) => problems.push(String(error)),
      );
    },
    stop() {
      session?.stop('signal');
    },
  };
}

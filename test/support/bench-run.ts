import type { Clock } from '../../src/clock/clock.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { gradeJournal } from '../../src/grade/grade-journal.js';
import type { ReportCard } from '../../src/grade/report-card.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { type RunningSimulator, type SimRecord, startSimulator } from '../../src/sim/simulator.js';
import type { BenchClient } from './bench-clients.js';
import { driveUntil } from './clock-driver.js';
import { LoopbackTraffic } from './loopback-traffic.js';

/** One action of the control endpoint (`POST /_idleprobe/trigger`), sent at a scenario time. */
export interface TimelineStep {
  atMs: number;
  body: Record<string, unknown>;
}

export interface BenchRunResult {
  records: SimRecord[];
  card: ReportCard;
  /** What each trigger answered, in order. */
  answers: Array<{ status: number; body: unknown }>;
}

/**
 * Runs one client against a fresh simulator on a manual clock (time jumps whenever nothing is in flight
 * on loopback), sends the timeline's triggers through the control endpoint at their times, stops the client
 * at `untilMs` and grades the journal. Every duration on the card is then exact, however busy the machine.
 */
export async function benchRun(options: {
  /** A scenario, or a scenario file's path (its own `timeline` then drives the service too). */
  scenario: Scenario | string;
  timeline: TimelineStep[];
  untilMs: number;
  tokenLifetimeMs?: number;
  client: (sim: RunningSimulator, clock: Clock) => BenchClient | Promise<BenchClient>;
  realLimitMs?: number;
}): Promise<BenchRunResult> {
  const clock = new ManualClock();
  const traffic = new LoopbackTraffic().start();
  const sim = await startSimulator({
    scenario: options.scenario,
    clock,
    rateLimit: null,
    ...(options.tokenLifetimeMs ? { tokenLifetimeMs: options.tokenLifetimeMs } : {}),
  });
  const records: SimRecord[] = [];
  sim.journal.on('record', (record: SimRecord) => records.push(record));
  const answers: BenchRunResult['answers'] = [];
  let client: BenchClient | null = null;
  try {
    const started = (async () => {
      client = await options.client(sim, clock);
      await client.start();
    })();
    await driveUntil(started, clock, traffic, { manualMs: options.untilMs, realMs: 60_000 });
    await started;
    const pending: Array<Promise<void>> = [];
    for (const step of options.timeline) {
      clock.setTimer(Math.max(0, step.atMs - clock.monoNow()), () => {
        pending.push(
          fetch(`${sim.localBase}/_idleprobe/trigger`, { method: 'POST', body: JSON.stringify(step.body) }).then(
            async (response) => {
              answers.push({ status: response.status, body: await response.json() });
            },
          ),
        );
      });
    }
    const end = new Promise<void>((resolve) => clock.setTimer(options.untilMs - clock.monoNow(), resolve));
    await driveUntil(end, clock, traffic, {
      manualMs: options.untilMs + 1,
      realMs: options.realLimitMs ?? 100_000,
    });
    await Promise.all(pending);
  } finally {
    (client as BenchClient | null)?.stop();
    await sim.close();
    traffic.stop();
  }
  return {
    records,
    card: gradeJournal(records, { heartbeatIntervalMs: sim.scenario.heartbeatIntervalMs }),
    answers,
  };
}

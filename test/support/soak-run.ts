import { readdirSync } from 'node:fs';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { RunSummary } from '../../src/analysis/summary.js';
import { startRunSession } from '../../src/cli/run-session.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import type { ProbeEvent } from '../../src/events/types.js';
import type { ProbeConfig } from '../../src/probe/config.js';
import type { ProbeOutcome } from '../../src/probe/run-probe.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { type SimRecord, startSimulator } from '../../src/sim/simulator.js';
import { driveUntil } from './clock-driver.js';
import { DeliveryCheck, type DeliveryFigures } from './delivery-check.js';
import { LoopbackTraffic } from './loopback-traffic.js';
import { seededRandom } from './seeded-random.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const HOUR_MS = 3_600_000;
const SAMPLE_OFFSET_MS = 15_000;

/** What the process held at the end of one scenario hour: the heap that survives a full collection, and its open files. */
export interface HourSample {
  hour: number;
  heapUsed: number;
  /**
   * The same without V8's compiled code, which grows for a while as more of the program gets optimised
   * and is no data the run keeps.
   */
  dataHeap: number;
  fds: number;
  /** Closures the probe had logged by then. */
  closures: number;
}

export interface SoakResult {
  outcome: ProbeOutcome;
  summary: RunSummary;
  delivery: DeliveryFigures;
  samples: HourSample[];
  /** The probe's events, counted by kind (never kept: a day of them would be the memory measured). */
  counts: Map<string, number>;
  wallMs: number;
}

/**
 * A long run of the real probe against the real simulator over loopback, on one manual clock that jumps
 * to the next timer whenever nothing is in flight (test/support/clock-driver.ts): hours of scenario time
 * in a few minutes, the same outcome however busy the machine. Nothing the run logs is kept: each event
 * goes through the delivery check and a count, so the memory sampled at the end of each scenario hour
 * (after a full collection) is the probe's and the simulator's own, not the test's.
 */
export async function runSoak(options: {
  scenario: Scenario;
  timeScale: number;
  /** The simulator's client-credentials token lifetime (scenario time): the probe renews before it runs out. */
  tokenLifetimeMs: number;
  /**
   * Scenario hours to sample; the run lasts 45 s longer, so the last sample is taken while it still runs
   * and the stop falls between heartbeats.
   */
  hours: number;
  config: Partial<ProbeConfig>;
  /** Uniform in [0, 1): the backoff's jitter, seeded so that channels drift apart the same way every time. */
  random: () => number;
  /** Real time after which the soak counts as hung. */
  realMs: number;
}): Promise<SoakResult> {
  const started = performance.now();
  const clock = new ManualClock();
  const traffic = new LoopbackTraffic().start();
  const server = await startSimulator({
    scenario: options.scenario,
    timeScale: options.timeScale,
    clock,
    tokenLifetimeMs: options.tokenLifetimeMs,
  });
  const delivery = new DeliveryCheck(clock.monoNow());
  server.journal.on('record', (record: SimRecord) => delivery.simRecord(record));
  const counts = new Map<string, number>();
  const samples: HourSample[] = [];
  const hourRealMs = HOUR_MS / options.timeScale;
  const sample = (): void => {
    gc();
    const heapUsed = process.memoryUsage().heapUsed;
    let code = 0;
    for (const space of getHeapSpaceStatistics())
      if (space.space_name.startsWith('code')) code += space.space_used_size;
    samples.push({
      hour: samples.length + 1,
      heapUsed,
      dataHeap: heapUsed - code,
      fds: readdirSync('/proc/self/fd').length,
      closures: counts.get('closure') ?? 0,
    });
    if (samples.length < options.hours) sampler = clock.setTimer(hourRealMs, sample);
  };
  // Samples fall 15 s into a heartbeat interval, when no frame of the grid is due (gridJitter).
  let sampler = clock.setTimer((HOUR_MS + SAMPLE_OFFSET_MS) / options.timeScale, sample);
  const listenerErrors: unknown[] = [];
  const write = (event: ProbeEvent): void => {
    delivery.probeEvent(event);
    counts.set(event.event, (counts.get(event.event) ?? 0) + 1);
    if (event.event === 'close' && event.by !== 'probe') counts.set('closure', (counts.get('closure') ?? 0) + 1);
  };
  const c = server.credentials;
  const durationMs = options.hours * HOUR_MS + 45_000;
  try {
    const session = startRunSession({
      config: {
        apiBase: server.apiBase,
        loginBase: server.loginBase,
        auth: { kind: 'client-credentials', clientId: c.clientId, clientSecret: c.clientSecret },
        topics: [],
        keepalives: [{ kind: 'none' }],
        channelsPerKeepalive: 1,
        reconnect: 'same',
        allowEviction: false,
        watchdogMs: 75_000,
        durationMs,
        maxClosures: null,
        timeScale: options.timeScale,
        backoff: { initialMs: 1_000, maxMs: 60_000 },
        ...options.config,
      },
      clock,
      runStart: { version: 'soak', options: {}, target: 'simulator' },
      log: { write, failure: null, close: () => {} },
      onListenerError: (error) => listenerErrors.push(error),
      probe: {
        random: options.random,
        onSecret: () => {},
        loopDelay: { read: () => ({ p50: 0, p99: 0, max: 0 }), reset: () => {}, stop: () => {} },
      },
    });
    try {
      await driveUntil(session.done, clock, traffic, {
        realMs: options.realMs,
        manualMs: durationMs / options.timeScale + 60_000,
      });
    } catch (error) {
      session.stop('signal');
      throw error;
    }
    const { outcome, summary } = await session.done;
    if (listenerErrors.length > 0) throw listenerErrors[0];
    return { outcome, summary, delivery: delivery.result(), samples, counts, wallMs: performance.now() - started };
  } finally {
    sampler.cancel();
    traffic.stop();
    await server.close();
  }
}

/**
 * Backoff jitter of 0 or 1/2, by a seeded coin: with a backoff bound of four heartbeat intervals (`initialMs`
 * 120 s: delays of 60 or 90 s, backoff.ts), every reconnect lands on the heartbeat grid, so the
 * channels' heartbeats stay in step and a day costs a few thousand jumps of the manual clock rather than
 * tens of thousands, while each channel's closures drift apart from the others' by whole intervals.
 */
export function gridJitter(seed: number): () => number {
  const coin = seededRandom(seed);
  return () => (coin() < 0.5 ? 0 : 0.5);
}

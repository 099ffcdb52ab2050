import type { ProbeConfig } from '../../src/probe/config.js';
import type { ProbeRunDeps } from '../../src/probe/run-probe.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { freeLoopbackPort } from './box-process.js';
import { type ProbeRunResult, probeAgainstSim } from './probe-harness.js';

export interface Box {
  stop(): Promise<void>;
}

export interface BoxInFront {
  /** Starts the box on `port`, forwarding to the simulator's `upstreamPort`. */
  start(port: number, upstreamPort: number): Promise<Box>;
  /** The URL clients reach the box at on `port`: what the simulator advertises. */
  url(port: number): string;
}

/**
 * The real probe against the simulator with a real box in between, on the real clock (the box's timers run
 * in real time): the box gets a free port first, the simulator advertises it (`publicUrl`), so REST and
 * every connectUri go through it, and the box is stopped once the run is over, passed or failed.
 */
export async function probeThroughBox(
  box: BoxInFront,
  scenario: Scenario,
  config: Partial<ProbeConfig>,
  deps: Partial<Omit<ProbeRunDeps, 'clock' | 'bus'>> = {},
): Promise<ProbeRunResult> {
  const port = await freeLoopbackPort();
  let running: Box | undefined;
  try {
    return await probeAgainstSim(
      {
        scenario,
        clock: 'real',
        publicUrl: box.url(port),
        prepare: async (sim) => {
          running = await box.start(port, sim.port);
        },
      },
      config,
      deps,
    );
  } finally {
    await running?.stop();
  }
}

import { setImmediate as nextTurn, setTimeout as pause } from 'node:timers/promises';
import type { ManualClock } from '../../src/clock/manual-clock.js';
import type { LoopbackTraffic } from './loopback-traffic.js';

/** Event-loop turns with nothing in flight before the world counts as still: lets deferred callbacks run. */
const STILL_TURNS = 10;
/** Turns spent spinning on traffic before waiting a real millisecond between looks, to leave the CPU to others. */
const SPIN_TURNS = 100;

export interface DriveLimits {
  /** Manual time after which the run counts as stuck in a loop of its own timers. */
  manualMs: number;
  /** Real time after which the test gives up. Generous: it only catches a hang. */
  realMs: number;
}

/**
 * Runs loopback tests on a manual clock shared by the simulator and the probe: whenever nothing is in
 * flight between their sockets, time jumps straight to the next timer. Every timing a test reads is then
 * exact, and a busy machine makes the test slower, never different.
 */
export async function driveUntil(
  settled: Promise<unknown>,
  clock: ManualClock,
  traffic: LoopbackTraffic,
  limits: DriveLimits,
): Promise<void> {
  let done = false;
  void settled.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  const startedMono = clock.monoNow();
  const giveUpAt = performance.now() + limits.realMs;
  while (!done) {
    let still = 0;
    let busy = 0;
    while (still < STILL_TURNS && !done) {
      if (performance.now() > giveUpAt) throw new Error(`the run did not end within ${limits.realMs} ms of real time`);
      if (busy > SPIN_TURNS) await pause(1);
      else await nextTurn();
      if (traffic.inFlight()) {
        still = 0;
        busy += 1;
      } else {
        still += 1;
        busy = 0;
      }
    }
    if (done) break;
    const next = clock.nextDueIn();
    if (next === null)
      throw new Error('the run is waiting for something that never comes: nothing in flight, no timer');
    if (clock.monoNow() - startedMono + next > limits.manualMs) {
      throw new Error(`the run did not end within ${limits.manualMs} ms of test time`);
    }
    clock.advance(next);
  }
}

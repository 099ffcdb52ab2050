import { round } from '../clock/round.js';

/**
 * A raw `mono` difference in scenario time: times the run's time scale (the simulator runs its intervals
 * that many times faster), rounded to 0.1 ms, the precision every duration in a summary carries.
 */
export function scenarioMs(rawMs: number, timeScale: number): number {
  return round(rawMs * timeScale, 1);
}

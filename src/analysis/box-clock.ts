import { round } from '../clock/round.js';
import type { EventOf } from '../events/types.js';
import type { ClosureSignals } from './closure-signals.js';
import type { ClosureFacts } from './summary.js';

/**
 * Under `--time-scale N` the simulator and the probe run N times faster, but a proxy, load balancer,
 * firewall or NAT on the path does not: its timers count real seconds. Only the built-in simulator's own
 * boxes (its intermediary relay, its drop rules) count scenario time. These say which clock a duration
 * measured on a connection has to be read on before it is set against a box's timer.
 */

/**
 * Whether a run probed the built-in simulator in-process: only then does `run-start` name a scenario
 * among its options (`idleprobe run --sim`). A run against `--api-base` (the real service, or an
 * `idleprobe sim` behind a real front) does not.
 */
export function isBuiltInSimulatorRun(event: EventOf<'run-start'>): boolean {
  return typeof event.options.scenario === 'string';
}

/**
 * The clock of the boxes on one connection's path: the simulator's scenario time when the connection went
 * straight to the built-in simulator, real time when it went anywhere else or through a configured proxy
 * (which may be the box that cut it).
 */
export function boxClockOf(simulatorRun: boolean, viaProxy: boolean): ClosureSignals['boxClock'] {
  return simulatorRun && !viaProxy ? 'scenario' : 'real';
}

type Clocked = Pick<ClosureFacts, 'timeScale'> & { signals: Pick<ClosureSignals, 'boxClock'> };

/** A duration measured on the row (scenario time) as the boxes on its path counted it. */
export function onBoxClock(row: Clocked, scenarioMs: number): number {
  return row.signals.boxClock === 'scenario' ? scenarioMs : round(scenarioMs / row.timeScale, 1);
}

/** True when the row's scenario durations are what its boxes counted (1x, or the simulator's own boxes). */
export function boxesKeepScenarioTime(row: Clocked): boolean {
  return row.timeScale === 1 || row.signals.boxClock === 'scenario';
}

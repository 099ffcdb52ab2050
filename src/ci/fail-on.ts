import { CLOSURE_CAUSES, type ClosureCause } from '../analysis/closure-cause.js';
import { isExpectedClosure } from '../analysis/expected-closure.js';
import type { ClosureRow, RunSummary } from '../analysis/summary.js';
import { formatDuration, parseDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { plural } from '../report/plural.js';

import { FAIL_ON_HELP } from './fail-on-help.js';

/**
 * The exit code each `--fail-on` outcome gets (src/exit-codes.ts), so a CI job or a Kubernetes Job can tell
 * them apart without parsing output. When several conditions are met, the lowest code wins.
 */
export const FAIL_ON_EXIT_CODES = {
  closure: EXIT_CODES.unexpectedClosure,
  young: EXIT_CODES.youngClosure,
  missedHeartbeat: EXIT_CODES.missedHeartbeat,
  watchdog: EXIT_CODES.watchdogEnd,
  noConnection: EXIT_CODES.noConnection,
  blind: EXIT_CODES.blind,
} as const;

export type FailOnCondition =
  | { kind: 'closure' }
  | { kind: 'any-closure' }
  | { kind: 'cause'; cause: ClosureCause }
  | { kind: 'age'; underMs: number }
  | { kind: 'missed-heartbeat' }
  | { kind: 'watchdog' }
  | { kind: 'no-connection' }
  | { kind: 'blind'; overMs: number };

/** Parses `--fail-on` values (`closure,age<20m`, repeatable) or says what it accepts. */
export function parseFailOn(values: readonly string[]): FailOnCondition[] {
  return values
    .flatMap((value) => value.split(','))
    .map((raw) => raw.trim())
    .filter((raw) => raw !== '')
    .map(parseOne);
}

function parseOne(text: string): FailOnCondition {
  switch (text) {
    case 'closure':
    case 'any-closure':
    case 'missed-heartbeat':
    case 'watchdog':
    case 'no-connection':
      return { kind: text };
  }
  const cause = /^cause:(.+)$/.exec(text)?.[1];
  if (cause !== undefined) {
    if ((CLOSURE_CAUSES as readonly string[]).includes(cause)) return { kind: 'cause', cause: cause as ClosureCause };
    throw usage(`--fail-on "${text}": the cause "${cause}" is not known; use one of ${CLOSURE_CAUSES.join(', ')}.`);
  }
  const age = /^age<(.+)$/.exec(text)?.[1];
  if (age !== undefined) return { kind: 'age', underMs: durationOf(text, age) };
  const blind = /^blind>(.+)$/.exec(text)?.[1];
  if (blind !== undefined) return { kind: 'blind', overMs: durationOf(text, blind) };
  throw usage(`--fail-on "${text}" is not known: use ${FAIL_ON_HELP}.`);
}

export interface FailOnOutcome {
  /** 0 when no condition was met, else the lowest code of those met (FAIL_ON_EXIT_CODES). */
  exitCode: number;
  /** One line per condition met, saying which connections met it. */
  reasons: string[];
}

/** Checks the summary against the conditions; pure. */
export function evaluateFailOn(summary: RunSummary, conditions: readonly FailOnCondition[]): FailOnOutcome {
  const met: Array<[number, string]> = [];
  const every = [...summary.closures, ...summary.endedByProbe];
  for (const condition of conditions) {
    switch (condition.kind) {
      case 'closure':
        add(
          met,
          FAIL_ON_EXIT_CODES.closure,
          summary.closures.filter((row) => !isExpectedClosure(row)),
          'unexpected closure',
        );
        break;
      case 'any-closure':
        add(met, FAIL_ON_EXIT_CODES.closure, summary.closures, 'closure');
        break;
      case 'cause':
        add(
          met,
          FAIL_ON_EXIT_CODES.closure,
          summary.closures.filter((row) => row.cause === condition.cause),
          `closure caused by ${condition.cause}`,
        );
        break;
      case 'age':
        add(
          met,
          FAIL_ON_EXIT_CODES.young,
          summary.closures.filter((row) => row.lifetimeMs < condition.underMs),
          `closure younger than ${formatDuration(condition.underMs)}`,
        );
        break;
      case 'missed-heartbeat':
        add(
          met,
          FAIL_ON_EXIT_CODES.missedHeartbeat,
          every.filter((row) => row.missedHeartbeats > 0),
          'connection with missed heartbeats',
        );
        break;
      case 'watchdog':
        add(
          met,
          FAIL_ON_EXIT_CODES.watchdog,
          summary.closures.filter((row) => row.by === 'watchdog'),
          'connection ended by the watchdog',
        );
        break;
      case 'no-connection':
        noConnection(met, summary);
        break;
      case 'blind':
        if (summary.blindMs > condition.overMs) {
          met.push([
            FAIL_ON_EXIT_CODES.blind,
            `--fail-on blind>${formatDuration(condition.overMs)}: the probe was blind for ${formatDuration(summary.blindMs)} ` +
              `(no open connection, summed over ${plural(summary.lanes.length, 'lane')}; ${plural(summary.failedAttempts, 'failed attempt')}).`,
          ]);
        }
        break;
    }
  }
  return {
    exitCode: met.length === 0 ? 0 : Math.min(...met.map(([code]) => code)),
    reasons: met.map(([, reason]) => reason),
  };
}

/** No connection at all, or a lane that never had one: a probe that saw nothing of what it was meant to watch. */
function noConnection(met: Array<[number, string]>, summary: RunSummary): void {
  const never = summary.lanes.filter((lane) => !lane.connected);
  if (summary.connections === 0) {
    met.push([FAIL_ON_EXIT_CODES.noConnection, '--fail-on no-connection: the logs hold no open connection.']);
  } else if (never.length > 0) {
    const named = never
      .slice(0, 5)
      .map((lane) => `${lane.run > 1 ? `run ${lane.run} ` : ''}lane ${lane.lane ?? lane.keepalive ?? '?'}`)
      .join(', ');
    met.push([
      FAIL_ON_EXIT_CODES.noConnection,
      `--fail-on no-connection: ${plural(never.length, 'lane')} never connected (${named}${never.length > 5 ? ', ...' : ''}).`,
    ]);
  }
}

function add(met: Array<[number, string]>, code: number, rows: ClosureRow[], what: string): void {
  if (rows.length === 0) return;
  const named = rows
    .slice(0, 5)
    .map((row) => `conn ${row.connection}${row.run > 1 ? ` (run ${row.run})` : ''}`)
    .join(', ');
  met.push([code, `--fail-on: ${what} x${rows.length} (${named}${rows.length > 5 ? ', ...' : ''}).`]);
}

function durationOf(condition: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw usage(`--fail-on "${condition}": "${text}" is not a duration; write it as 30s, 15m or 1h30m.`, error);
  }
}

function usage(message: string, cause?: unknown): IdleprobeError {
  return new IdleprobeError('IDLEPROBE_ERR_USAGE', message, cause === undefined ? undefined : { cause });
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type WebSocket from 'ws';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import type { OutputStream } from '../../src/cli/cli-io.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { systemClock } from '../../src/clock/system-clock.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { UnexpectedFailure } from '../../src/probe/failure.js';
import { THIS_PROCESS } from '../support/lock-owner.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';
import { tempDir } from '../support/temp-dir.js';

/** A WebSocket factory with a bug in it: a TypeError on the given calls, the real factory otherwise. */
function buggyConnect(failOnCall: (call: number) => boolean): (url: string) => WebSocket {
  let calls = 0;
  return (url) => {
    calls += 1;
    if (failOnCall(calls)) throw new TypeError('socketOptions.agent is not a function');
    return defaultWebSocketFactory(url);
  };
}

function errorsOf(events: ProbeEvent[]): Array<Extract<ProbeEvent, { event: 'error' }>> {
  return events.filter((e): e is Extract<ProbeEvent, { event: 'error' }> => e.event === 'error');
}

describe('a throw the probe has no name for (a bug)', () => {
  test('ends the run before the first connection, with its stack in the log, and is not retried', async () => {
    const { outcome, events } = await probeAgainstSim(
      { scenario: fastScenario({}) },
      { maxClosures: null, durationMs: 60_000 },
      { connect: buggyConnect(() => true) },
    );
    assert.equal(outcome.endReason, 'error');
    assert.ok(outcome.error instanceof UnexpectedFailure);
    const errors = errorsOf(events);
    assert.equal(errors.length, 1, 'one error, not one per retry');
    assert.equal(errors[0]!.code, 'IDLEPROBE_ERR_UNEXPECTED');
    assert.match(errors[0]!.stack ?? '', /^TypeError: socketOptions\.agent is not a function\n\s+at /);
    assert.equal(events.filter((e) => e.event === 'reconnect').length, 0);
    assert.equal(events.filter((e) => e.event === 'connecting').length, 1);
  });

  test('ends a run whose connections had opened, where network errors would be retried', async () => {
    const { outcome, events } = await probeAgainstSim(
      {
        scenario: fastScenario({ closeRules: [{ kind: 'max-age', afterMs: 200, code: 1001, reason: 'idle timeout' }] }),
      },
      { maxClosures: null, durationMs: 60_000 },
      { connect: buggyConnect((call) => call > 1) },
    );
    assert.equal(outcome.endReason, 'error');
    assert.ok(outcome.error instanceof UnexpectedFailure);
    assert.equal(events.filter((e) => e.event === 'open').length, 1);
    assert.equal(events.filter((e) => e.event === 'reconnect').length, 1, 'the reconnect after the closure, no more');
    assert.deepEqual(
      errorsOf(events).map((e) => e.code),
      ['IDLEPROBE_ERR_UNEXPECTED'],
    );
    assert.equal(events.at(-1)?.event, 'run-end');
  });

  test('the run command prints one line for it, exits 1, and the event log holds the stack', async (t) => {
    const cwd = tempDir(t, 'bug');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const stream = (into: string[]): OutputStream => ({ write: (text: string) => into.push(text) });
    const logPath = join(cwd, 'run.ndjson');
    const code = await runCommand(
      { sim: true, duration: '1m', log: logPath, status: false },
      {
        stdout: stream(stdout),
        stderr: stream(stderr),
        env: {},
        cwd,
        clock: systemClock,
        stdin: Readable.from([]),
        self: THIS_PROCESS,
        onStopSignal: () => () => {},
      },
      { connect: buggyConnect(() => true) },
    );
    assert.equal(code, 1);
    const lines = stderr.join('').split('\n');
    const failure = lines.filter((line) => line.startsWith('idleprobe: '));
    assert.deepEqual(failure, [
      'idleprobe: unexpected failure, a bug in idleprobe (its stack is in the event log): TypeError: socketOptions.agent is not a function',
    ]);
    assert.equal(stderr.join('').includes('    at '), false, 'no stack on the terminal');
    const logged = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; level: string; stack?: string });
    const error = logged.find((e) => e.event === 'error');
    assert.equal(error?.level, 'error');
    assert.match(error?.stack ?? '', /TypeError: socketOptions\.agent is not a function\n\s+at /);
  });
});

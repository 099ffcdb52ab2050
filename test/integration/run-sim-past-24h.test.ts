import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { CliIo } from '../../src/cli/cli-io.js';
import { planRun } from '../../src/cli/run-plan.js';
import { startRunSession } from '../../src/cli/run-session.js';
import { setUpTarget } from '../../src/cli/run-setup.js';
import { systemClock } from '../../src/clock/system-clock.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { within } from '../support/deadline.js';
import { THIS_PROCESS } from '../support/lock-owner.js';

const HOUR = 3_600_000;
/**
 * 26 h of scenario time in about 9 s of wall time. Faster than `run` lets a person ask for (its timing
 * would blur heartbeats), which does not matter here: what is tested is that the run is still allowed to
 * talk to the service after its first 24 h, not what it times.
 */
const TIME_SCALE = 10_000;

test('run --sim goes on past 24 h of scenario time: the agent token outlives the run', async () => {
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    cwd: '/',
    clock: systemClock,
    stdin: Readable.from([]),
    self: THIS_PROCESS,
    onStopSignal: () => () => {},
  };
  // A closure every 15 minutes: every reconnect makes REST calls, so a token that expired is met at once.
  const plan = { ...planRun({ sim: true, scenario: 'lifetime-cap', duration: '26h' }, {}), timeScale: TIME_SCALE };
  const target = await setUpTarget(plan, io, new SecretScrubber());
  const events: ProbeEvent[] = [];
  try {
    const session = startRunSession({
      config: target.config,
      clock: systemClock,
      runStart: { version: 'test', options: {}, target: target.label },
      log: { write: (event) => events.push(event), failure: null, close: () => {} },
      onListenerError: (error) => {
        throw error;
      },
      probe: { ...target.network, onSecret: () => {} },
    });
    const { outcome, summary } = await within(session.done, 'a 26 h run at 10,000x', 60_000);
    assert.equal(outcome.endReason, 'duration', outcome.error?.message);
    assert.equal(
      events.filter((e) => e.event === 'error').length,
      0,
      JSON.stringify(events.find((e) => e.event === 'error')),
    );
    // The run's own scenario time, from its mono stamps: past the 24 h the agent's token used to last.
    const end = events.at(-1)!;
    assert.ok(end.mono * TIME_SCALE > 25 * HOUR, `ran ${(end.mono * TIME_SCALE) / HOUR} h`);
    const lastOpen = events.filter((e) => e.event === 'open').at(-1)!;
    assert.ok(lastOpen.mono * TIME_SCALE > 24.5 * HOUR, 'connections were still made after 24 h');
    assert.ok(summary.closures.length > 20, `${summary.closures.length} closures`);
  } finally {
    await target.close();
  }
});

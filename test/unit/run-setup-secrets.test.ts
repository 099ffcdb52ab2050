import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { CliIo } from '../../src/cli/cli-io.js';
import { planRun } from '../../src/cli/run-plan.js';
import { setUpTarget } from '../../src/cli/run-setup.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { REDACTED, SecretScrubber } from '../../src/log/secret-scrubber.js';
import { THIS_PROCESS } from '../support/lock-owner.js';

const io: CliIo = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  env: {},
  cwd: '.',
  clock: systemClock,
  stdin: Readable.from([]),
  self: THIS_PROCESS,
  onStopSignal: () => () => {},
};

test('a run with client credentials teaches its scrubber the Basic header the login call sends', async () => {
  const plan = planRun({ apiBase: 'http://127.0.0.1:9', clientId: 'sim-client', clientSecret: 'sim-secret-8Hq2' }, {});
  const scrubber = new SecretScrubber();
  const target = await setUpTarget(plan, io, scrubber);
  try {
    const basic = Buffer.from('sim-client:sim-secret-8Hq2').toString('base64');
    assert.equal(scrubber.scrub(`the server said: Basic ${basic}`), `the server said: Basic ${REDACTED}`);
  } finally {
    await target.close();
  }
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { within } from '../support/deadline.js';

/** A documentation address (RFC 5737) put on the loopback interface for this test only. */
const REMOTE = '192.0.2.113';

function unavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to add an address to lo (ip addr add)';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'needs the ip command (Debian package iproute2)';
  }
  return null;
}

/** POSTs a trigger from `localAddress` to the simulator; resolves with the status and message. */
function postFrom(localAddress: string, port: number): Promise<{ status: number; message: string }> {
  return within(
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ action: 'maintenance', channel: '*' });
      const req = request(
        {
          host: REMOTE,
          port,
          localAddress,
          method: 'POST',
          path: '/_idleprobe/trigger',
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, message: JSON.parse(text).message }));
        },
      );
      req.on('error', reject);
      req.end(body);
    }),
    'the control endpoint to answer',
  );
}

const skip = unavailableReason();

describe('the control endpoint from an address that is not loopback', { skip: skip ?? false }, () => {
  let added = false;
  let sim: RunningSimulator | undefined;

  before(() => {
    try {
      execFileSync('ip', ['addr', 'add', `${REMOTE}/32`, 'dev', 'lo'], { stdio: 'pipe' });
      added = true;
    } catch (error) {
      // Already there (another run of this test): use it, and leave it for its owner to remove.
      if (!String((error as { stderr?: Buffer }).stderr).includes('File exists')) throw error;
    }
  });

  after(async () => {
    await sim?.close();
    if (added) execFileSync('ip', ['addr', 'del', `${REMOTE}/32`, 'dev', 'lo'], { stdio: 'ignore' });
  });

  test('is refused with 403, and nothing is triggered', async () => {
    sim = await startSimulator({ clock: new ManualClock(), scenario: 'steady', host: REMOTE });
    const triggers: unknown[] = [];
    sim.journal.on('record', (record: { kind: string }) => record.kind === 'trigger' && triggers.push(record));
    const answer = await postFrom(REMOTE, sim.port);
    assert.equal(answer.status, 403);
    assert.match(answer.message, /only requests from this machine \(a loopback address\)/);
    assert.equal(triggers.length, 0);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { ChannelSession, type PathDescriber } from '../../src/channel/session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { EventBus } from '../../src/events/bus.js';
import type { EventOf } from '../../src/events/types.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { createChannelVia } from '../support/net-sim.js';
import { fastScenario } from '../support/probe-harness.js';

/** Opens a session whose path describer throws `thrown`, and returns the error event it logged. */
async function errorLoggedFor(sim: RunningSimulator, thrown: Error): Promise<EventOf<'error'>> {
  const dispatcher = new Agent();
  const channel = await createChannelVia(dispatcher, sim.apiBase, sim.credentials.userToken).finally(() =>
    dispatcher.close(),
  );
  const bus = new EventBus(systemClock);
  const logged = new Promise<EventOf<'error'>>((resolve) =>
    bus.subscribe((event) => event.event === 'error' && resolve(event)),
  );
  const describePath: PathDescriber = async () => {
    throw thrown;
  };
  const session = new ChannelSession({
    url: channel.connectUri,
    channel: channel.id,
    conn: 1,
    bus,
    clock: systemClock,
    describePath,
  });
  await session.open();
  try {
    return await logged;
  } finally {
    await session.stop();
  }
}

describe('a connection whose path cannot be described stays open, and the log says why', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: fastScenario({ heartbeatIntervalMs: 50 }) });
  });
  after(async () => {
    await sim?.close();
  });

  test('a socket error is a network error', async () => {
    const error = Object.assign(new Error('socket went away'), { code: 'ECONNRESET' });
    const event = await errorLoggedFor(sim, error);
    assert.equal(event.code, 'IDLEPROBE_ERR_NETWORK');
    assert.equal(event.stack, undefined);
  });

  test('a throw without a network error code is a bug, logged with its stack', async () => {
    const event = await errorLoggedFor(sim, new TypeError('cannot read properties of undefined'));
    assert.equal(event.code, 'IDLEPROBE_ERR_UNEXPECTED');
    assert.match(event.stack ?? '', /TypeError: cannot read properties of undefined\n\s+at /);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Scenario } from '../../src/sim/scenario.js';
import { validateScenario } from '../../src/sim/scenario-validation.js';
import { api, clientToken, createChannel, simulatorPerTest, TestSocket } from '../support/sim-client.js';

const MINUTE = 60_000;
const CHANNELS = '/api/v2/notifications/channels';

const base = {
  name: 'timeline-test',
  summary: 'a scripted timeline',
  hypothesis: 'none',
  basis: 'assumed',
  heartbeatIntervalMs: '30s',
  topicEventIntervalMs: null,
  closeRules: [],
};

describe('a scenario timeline', () => {
  const startSim = simulatorPerTest();

  test('fires each action at its scenario time from the start, as the control endpoint would', async () => {
    const scenario = validateScenario(
      {
        ...base,
        timeline: [
          { at: '5m', action: 'maintenance', channel: '*' },
          { at: '10m', action: 'throttle', channel: '*', status: 429, retryAfter: 30, for: '1m' },
        ],
      },
      'the test',
    );
    const { sim, clock, journal } = await startSim({ scenario, timeScale: 10 });
    const token = await clientToken(sim);
    const socket = await TestSocket.open((await createChannel(sim, token)).connectUri);
    await journal.waitFor((record) => record.kind === 'open');

    clock.advance((5 * MINUTE) / 10 - 1);
    assert.equal(journal.of('trigger').length, 0);
    clock.advance(1);
    const [maintenance] = journal.of('trigger');
    assert.deepEqual([maintenance?.action, maintenance?.scenarioMs], ['maintenance', 5 * MINUTE]);
    assert.match(maintenance?.detail ?? '', /^timeline: warned 1 socket/);
    await socket.waitFor((m) => m.topicName === 'v2.system.socket_closing');
    clock.advance(MINUTE / 10);
    assert.equal((await socket.closed).code, 1001);

    assert.equal((await api(sim, 'GET', CHANNELS, token)).status, 200);
    clock.advance((4 * MINUTE) / 10);
    const throttled = await api(sim, 'GET', CHANNELS, token);
    assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [429, '30']);
    assert.equal(journal.of('trigger')[1]?.scenarioMs, 10 * MINUTE);
  });

  test('a step naming a channel that does not exist is journalled as doing nothing', async () => {
    const scenario = validateScenario(
      { ...base, timeline: [{ at: '1m', action: 'close', channel: 'streaming-0-gone', code: 4000 }] },
      'the test',
    );
    const { clock, journal } = await startSim({ scenario });
    clock.advance(MINUTE);
    assert.match(journal.of('trigger')[0]?.detail ?? '', /^timeline: nothing: channel: there is no channel/);
  });

  test('a timeline with mistakes is refused with one line per mistake', () => {
    assert.throws(
      () =>
        validateScenario(
          {
            ...base,
            timeline: [
              { at: 'soon', action: 'maintenance', channel: '*' },
              { at: '1m', action: 'explode', channel: '*' },
              { at: '2m', action: 'refuse', channel: '*' },
            ],
          },
          'timeline.json',
        ),
      (error: Error) => {
        assert.match(error.message, /3 mistakes/);
        assert.match(error.message, /timeline\[0\]\.at: must be a duration/);
        assert.match(error.message, /timeline\[1\]\.action: must be one of maintenance, close/);
        assert.match(error.message, /timeline\[2\]\.for: is missing/);
        return true;
      },
    );
    const accepted: Scenario = validateScenario(base, 'no timeline');
    assert.equal(accepted.timeline, undefined);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import WebSocket from 'ws';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { fastScenario } from '../support/probe-harness.js';

describe("the simulated org's idle token timeout", () => {
  let sim: RunningSimulator;
  const clock = new ManualClock();
  const get = async (path: string, method: 'GET' | 'POST' = 'GET') => {
    const reply = await request(`${sim.apiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${sim.credentials.userToken}` },
    });
    const text = await reply.body.text();
    return { status: reply.statusCode, json: text ? JSON.parse(text) : null };
  };

  before(async () => {
    sim = await startSimulator({
      clock,
      scenario: fastScenario({
        heartbeatIntervalMs: 60_000,
        closeRules: [{ kind: 'token-idle', afterMs: 900_000, code: 1001, reason: 'idle timeout' }],
      }),
    });
  });
  after(() => sim.close());

  test('tokens/timeout reports the org setting and tokens/me when the token would idle out', async () => {
    assert.deepEqual((await get('/api/v2/tokens/timeout')).json, {
      idleTokenTimeoutSeconds: 900,
      enableIdleTokenTimeout: true,
    });
    const me = await get('/api/v2/tokens/me');
    assert.equal(me.json.dateTokenIdles, new Date(clock.wallNow() + 900_000).toISOString());
  });

  test('an API call restarts the idle timer; the channel closes when the token idles out, and REST is 401 after', async () => {
    const channel = (await get('/api/v2/notifications/channels', 'POST')).json;
    const ws = new WebSocket(channel.connectUri);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<[number, string]>((resolve) =>
      ws.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    clock.advance(600_000);
    assert.equal(
      (await get('/api/v2/users/me')).status,
      200,
      'still alive at 10 minutes, and this call restarts the timer',
    );
    clock.advance(600_000);
    assert.equal(ws.readyState, WebSocket.OPEN, '20 minutes after creation, 10 after the last call: open');
    clock.advance(300_000);
    assert.deepEqual(await closed, [1001, 'idle timeout']);
    assert.equal((await get('/api/v2/users/me')).status, 401);
  });
});

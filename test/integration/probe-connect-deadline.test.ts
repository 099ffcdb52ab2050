import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type WebSocket from 'ws';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { within } from '../support/deadline.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

/** Connects the calls `silentOn` names to the silent server, and every other call to the channel itself. */
function connectVia(silentUrl: string, silentOn: (call: number) => boolean): (url: string) => WebSocket {
  let calls = 0;
  return (url) => {
    calls += 1;
    return defaultWebSocketFactory(silentOn(calls) ? silentUrl : url);
  };
}

function only<N extends ProbeEvent['event']>(events: ProbeEvent[], name: N): Array<Extract<ProbeEvent, { event: N }>> {
  return events.filter((e): e is Extract<ProbeEvent, { event: N }> => e.event === name);
}

const closesAfter = (afterMs: number) =>
  fastScenario({
    heartbeatIntervalMs: 30_000,
    closeRules: [{ kind: 'max-age', afterMs, code: 1001, reason: 'idle timeout' }],
  });

describe('a connect that gets no answer', () => {
  // Accepts, reads what it is sent, and never answers: a black hole behind a proxy or load balancer.
  let silent: Server;
  let silentUrl: string;
  const accepted = new Set<Socket>();
  before(async () => {
    silent = createServer((socket) => {
      accepted.add(socket);
      socket.on('close', () => accepted.delete(socket));
      socket.resume();
    });
    await within(new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve)), 'the silent server to listen');
    const address = silent.address();
    assert.ok(address && typeof address === 'object');
    silentUrl = `ws://127.0.0.1:${address.port}/channels/streaming-0-silent`;
  });
  after(async () => {
    for (const socket of accepted) socket.destroy();
    await within(new Promise<void>((resolve) => silent.close(() => resolve())), 'the silent server to close');
  });

  test('is a failed attempt after the real-time floor, however fast the scenario runs, and is retried', async () => {
    // At 1,000x the 30 s scenario deadline would be 30 ms; the floor keeps it at 10 s.
    const { outcome, events } = await probeAgainstSim(
      { scenario: closesAfter(60_000), timeScale: 1_000 },
      { maxClosures: 2, backoff: { initialMs: 1_000, maxMs: 1_000 } },
      { connect: connectVia(silentUrl, (call) => call === 2) },
    );
    assert.equal(outcome.endReason, 'closures', outcome.error?.message);
    const connecting = only(events, 'connecting');
    assert.deepEqual(
      connecting.map((e) => e.conn),
      [1, 2, 3],
    );
    assert.deepEqual(
      only(events, 'open').map((e) => e.conn),
      [1, 3],
    );
    const [error] = only(events, 'error');
    assert.equal(only(events, 'error').length, 1);
    assert.equal(error!.code, 'IDLEPROBE_ERR_NETWORK');
    assert.match(error!.message, /no answer within 10\.0s/);
    assert.equal(error!.mono - connecting[1]!.mono, 10_000, 'the deadline is 10 s of real time');
    const reconnects = only(events, 'reconnect');
    assert.deepEqual(
      reconnects.map((e) => [e.conn, e.attempt, e.target]),
      [
        [1, 1, 'same'],
        [2, 2, 'same'],
      ],
      'the missed connect counts as an attempt and the lane backs off again',
    );
    assert.equal(accepted.size, 0, 'the probe let go of the connection it gave up on');
  });

  test('at real speed the deadline is the scenario one, and a first connect that misses it is retried', async () => {
    const { outcome, events } = await probeAgainstSim(
      { scenario: closesAfter(1_000) },
      { maxClosures: 1 },
      { connect: connectVia(silentUrl, (call) => call === 1) },
    );
    assert.equal(outcome.endReason, 'closures', outcome.error?.message);
    const [first] = only(events, 'connecting');
    const [error] = only(events, 'error');
    assert.match(error!.message, /no answer within 30\.0s/);
    assert.equal(error!.mono - first!.mono, 30_000);
    assert.deepEqual(
      only(events, 'open').map((e) => e.conn),
      [2],
    );
  });
});

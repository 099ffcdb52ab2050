import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type WebSocket from 'ws';
import { defaultWebSocketFactory } from '../../src/channel/session.js';
import { fastScenario, probeAgainstSim } from '../support/probe-harness.js';

/** Node's garbage collector on demand, without starting node with --expose-gc. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Closed connections that may still be on their way out when the count is taken (the close in progress). */
const STILL_CLOSING = 5;

describe('a long run does not grow', () => {
  test('closed connections are collected while the run goes on', async () => {
    const gc = collector();
    const CONNECTIONS = 2_000;
    const sockets: Array<WeakRef<WebSocket>> = [];
    let reachable: number | null = null;
    // Every session holds its WebSocket: a WebSocket collected means its session was let go too.
    const connect = (url: string): WebSocket => {
      if (sockets.length === CONNECTIONS - 1) {
        gc();
        reachable = sockets.filter((ref) => ref.deref() !== undefined).length;
      }
      const socket = defaultWebSocketFactory(url);
      sockets.push(new WeakRef(socket));
      return socket;
    };
    const { summary } = await probeAgainstSim(
      {
        scenario: fastScenario({
          heartbeatIntervalMs: 60_000,
          closeRules: [{ kind: 'max-age', afterMs: 10, code: 1001, reason: 'idle timeout' }],
        }),
        // Thousands of connections take a while on a loaded machine.
        limits: { realMs: 110_000 },
      },
      { maxClosures: CONNECTIONS, backoff: { initialMs: 1, maxMs: 1 } },
      { connect },
    );
    assert.equal(summary.closures.length, CONNECTIONS);
    assert.notEqual(reachable, null, 'counted during the run');
    assert.ok(
      reachable !== null && reachable <= STILL_CLOSING,
      `${reachable} of ${CONNECTIONS - 1} closed connections were still reachable`,
    );
  });
});

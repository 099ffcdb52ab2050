import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { createNetworkStack } from '../../src/net/network-stack.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { closeSocket, createChannelVia, openSocket } from '../support/net-sim.js';
import { type RunningPacServer, servePac } from '../support/pac-server.js';
import { fastScenario } from '../support/probe-harness.js';
import { type RunningSquid, squidSkipReason, startSquid } from '../support/squid.js';

describe('a PAC file served on loopback chooses Squid for one host and DIRECT for another', {
  skip: squidSkipReason(),
}, () => {
  let sim: RunningSimulator;
  let squid: RunningSquid;
  let pac: RunningPacServer;

  before(async () => {
    // The relay gives the WebSockets their own port: REST on sim.port, sockets on relayPort.
    [sim, squid] = await Promise.all([
      startSimulator({
        scenario: fastScenario({ heartbeatIntervalMs: 50 }),
        intermediary: { name: 'relay', idle: 'age', afterMs: 3_600_000, cut: 'reset' },
      }),
      startSquid(),
    ]);
    pac = await servePac(
      [
        'function FindProxyForURL(url, host) {',
        `  if (shExpMatch(url, "*:${sim.port}/*")) return "PROXY 127.0.0.1:${squid.port}; DIRECT";`,
        '  return "DIRECT";',
        '}',
      ].join('\n'),
    );
  });
  after(async () => {
    await Promise.all([squid?.stop(), sim?.close(), pac?.stop()]);
  });

  test('REST goes through Squid, the WebSocket goes direct, and both choices are recorded', async () => {
    const stack = await createNetworkStack({
      // A proxy in the environment that would swallow everything: the PAC overrides it.
      proxy: { explicit: null, env: { HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '*' } },
      pac: pac.url,
      caFile: null,
      clock: systemClock,
    });
    try {
      const channel = await createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken);
      assert.ok(channel.connectUri.includes(`:${sim.relayPort}/`), 'the socket is on the relay port');
      const { ws, upgrade, firstFrame } = await openSocket(stack.connect, channel.connectUri);
      assert.match(await firstFrame, /WebSocket Heartbeat/);
      const path = await stack.describePath(upgrade, channel.connectUri);
      await closeSocket(ws);
      assert.equal(path.proxy, null, 'the WebSocket went direct');
      assert.equal(path.remotePort, sim.relayPort);
      assert.deepEqual(path.pac, { source: pac.url, returned: 'DIRECT' });
      assert.equal(stack.proxyFor(sim.apiBase), squid.url);
      assert.deepEqual(stack.pac(), {
        source: pac.url,
        choices: [
          { url: `http://127.0.0.1:${sim.port}/`, returned: `PROXY 127.0.0.1:${squid.port}; DIRECT` },
          { url: `http://127.0.0.1:${sim.relayPort}/`, returned: 'DIRECT' },
        ],
      });
    } finally {
      await stack.close();
    }
    // Squid logs a tunnel when it ends: the REST connection's, to the REST port and never to the relay's.
    const log = await squid.waitForLogLines(new RegExp(`CONNECT 127\\.0\\.0\\.1:${sim.port} `), 1);
    assert.ok(!log.includes(`:${sim.relayPort}`), log);
    assert.equal(pac.fetches(), 1, 'the PAC file is fetched once');
  });
});

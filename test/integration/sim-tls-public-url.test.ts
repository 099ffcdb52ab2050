import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { createNetworkStack } from '../../src/net/network-stack.js';
import { startSimulator } from '../../src/sim/simulator.js';
import { SIM_CA_NAME } from '../../src/sim/tls/private-pki.js';
import { closeSocket, createChannelVia, openSocket } from '../support/net-sim.js';
import { fastScenario } from '../support/probe-harness.js';

const direct = { explicit: null, env: {} };
const scenario = fastScenario({ heartbeatIntervalMs: 50 });

describe('the simulator serving https and wss with its own private CA', () => {
  test('with its CA file, REST and the WebSocket work, and the path records its chain as not public', async () => {
    const sim = await startSimulator({ scenario, tls: true });
    const stack = await createNetworkStack({ proxy: direct, caFile: sim.tls!.caFile, clock: systemClock });
    try {
      assert.match(sim.apiBase, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(sim.localBase, sim.apiBase);
      const channel = await createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken);
      assert.equal(channel.connectUri, `wss://127.0.0.1:${sim.port}/channels/${channel.id}`);
      const { ws, upgrade, firstFrame } = await openSocket(stack.connect, channel.connectUri);
      assert.match(await firstFrame, /WebSocket Heartbeat/);
      const path = await stack.describePath(upgrade, channel.connectUri);
      await closeSocket(ws);
      assert.equal(path.tls?.publicCa, false);
      assert.equal(path.tls?.alpn, 'http/1.1');
      assert.deepEqual(
        path.tls?.chain.map((link) => link.issuer),
        [`O=idleprobe simulator, CN=${SIM_CA_NAME}`, `O=idleprobe simulator, CN=${SIM_CA_NAME}`],
      );
    } finally {
      await stack.close();
      await sim.close();
    }
  });

  test('without its CA, the connection is refused with the error that says to pass --ca', async () => {
    const sim = await startSimulator({ scenario, tls: true });
    const stack = await createNetworkStack({ proxy: direct, caFile: null, clock: systemClock });
    try {
      await assert.rejects(
        createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken),
        (error: unknown) => isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') && /--ca FILE/.test(error.message),
      );
    } finally {
      await stack.close();
      await sim.close();
    }
  });

  test('the CA file exists while the simulator runs and is removed when it stops', async () => {
    const sim = await startSimulator({ scenario, tls: true });
    const file = sim.tls!.caFile;
    assert.ok(existsSync(file));
    await sim.close();
    assert.equal(existsSync(file), false);
  });

  test('without tls nothing of it exists', async () => {
    const sim = await startSimulator({ scenario });
    await sim.close();
    assert.equal(sim.tls, null);
    assert.match(sim.apiBase, /^http:\/\//);
  });
});

describe('the simulator behind a front: the public URL it advertises', () => {
  test('connectUri and the REST and OAuth bases use the public URL; it still listens on its own address', async () => {
    const sim = await startSimulator({ scenario, publicUrl: 'https://front.example:8443/genesys/' });
    const stack = await createNetworkStack({ proxy: direct, caFile: null, clock: systemClock });
    try {
      assert.equal(sim.apiBase, 'https://front.example:8443/genesys');
      assert.equal(sim.loginBase, sim.apiBase);
      assert.equal(sim.localBase, `http://127.0.0.1:${sim.port}`);
      const channel = await createChannelVia(stack.dispatcher, sim.localBase, sim.credentials.userToken);
      assert.equal(channel.connectUri, `wss://front.example:8443/genesys/channels/${channel.id}`);
    } finally {
      await stack.close();
      await sim.close();
    }
  });

  test('the public URL outranks the intermediary relay: the front stands where the streaming host is', async () => {
    const sim = await startSimulator({
      scenario: fastScenario({ intermediary: { name: 'lb', idle: 'either-direction', afterMs: 60_000, cut: 'reset' } }),
      publicUrl: 'http://127.0.0.1:1',
    });
    const stack = await createNetworkStack({ proxy: direct, caFile: null, clock: systemClock });
    try {
      assert.ok(sim.relayPort);
      const channel = await createChannelVia(stack.dispatcher, sim.localBase, sim.credentials.userToken);
      assert.equal(channel.connectUri, `ws://127.0.0.1:1/channels/${channel.id}`);
    } finally {
      await stack.close();
      await sim.close();
    }
  });

  test('with tls, the certificate also names the public host', async () => {
    const sim = await startSimulator({ scenario, tls: true, publicUrl: 'https://front.example' });
    await sim.close();
    assert.deepEqual(sim.tls?.hosts, ['front.example', '127.0.0.1', 'localhost', '::1']);
  });

  test('a public URL that is not one is refused before anything listens', async () => {
    await assert.rejects(
      startSimulator({ scenario, publicUrl: 'front.example:8443' }),
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_SIM') && /publicUrl "front\.example:8443"/.test(error.message),
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChannelSession } from '../../src/channel/session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { EventBus } from '../../src/events/bus.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { createNetworkStack, type NetworkStack } from '../../src/net/network-stack.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { closeSocket, createChannelVia, openSocket } from '../support/net-sim.js';
import { fastScenario } from '../support/probe-harness.js';
import { startTlsFront, type TlsFront } from '../support/tls-front.js';

const direct = { explicit: null, env: {} };

describe('through a TLS front with a private CA (a load balancer or an intercepting proxy)', () => {
  let sim: RunningSimulator;
  let front: TlsFront;
  let trusting: NetworkStack;

  before(async () => {
    sim = await startSimulator({ scenario: fastScenario({ heartbeatIntervalMs: 50 }) });
    front = await startTlsFront(sim.port);
    trusting = await createNetworkStack({ proxy: direct, caFile: front.pki.caFile, clock: systemClock });
  });
  after(async () => {
    await trusting?.close();
    await front?.close();
    await sim?.close();
  });

  const secureUri = (connectUri: string): string =>
    connectUri.replace(/^ws:\/\/[^/]+/, `wss://localhost:${front.port}`);

  test('with --ca, REST and the WebSocket both work and the heartbeat arrives', async () => {
    const channel = await createChannelVia(trusting.dispatcher, front.origin, sim.credentials.userToken);
    const { ws, firstFrame } = await openSocket(trusting.connect, secureUri(channel.connectUri));
    assert.match(await firstFrame, /WebSocket Heartbeat/);
    await closeSocket(ws);
  });

  test('the fingerprint records TLS version, cipher, ALPN and the chain leaf first, and says the CA is not public', async () => {
    const channel = await createChannelVia(trusting.dispatcher, front.origin, sim.credentials.userToken);
    const url = secureUri(channel.connectUri);
    const { ws, upgrade } = await openSocket(trusting.connect, url);
    const path = await trusting.describePath(upgrade, url);
    await closeSocket(ws);
    assert.ok(path.tls, 'a wss connection has TLS details');
    assert.match(path.tls.version ?? '', /^TLSv1\.[23]$/);
    assert.ok(path.tls.cipher && path.tls.cipher.length > 0);
    assert.equal(path.tls.alpn, 'http/1.1');
    const { names } = front.pki;
    assert.deepEqual(
      path.tls.chain.map((link) => link.subject),
      [
        `O=idleprobe tests, CN=${names.leaf}`,
        `O=idleprobe tests, CN=${names.intermediate}`,
        `O=idleprobe tests, CN=${names.root}`,
      ],
    );
    assert.deepEqual(
      path.tls.chain.map((link) => link.issuer),
      [
        `O=idleprobe tests, CN=${names.intermediate}`,
        `O=idleprobe tests, CN=${names.root}`,
        `O=idleprobe tests, CN=${names.root}`,
      ],
    );
    assert.equal(path.tls.publicCa, false);
    assert.equal(path.proxy, null);
    assert.ok(path.resolved?.includes('127.0.0.1'), `localhost resolves to 127.0.0.1, got ${String(path.resolved)}`);
    assert.equal(path.remoteAddress, '127.0.0.1');
    assert.equal(path.remotePort, front.port);
    assert.equal(path.localAddress, '127.0.0.1');
    assert.ok((path.localPort ?? 0) > 0);
    assert.equal(path.upgradeHeaders.upgrade?.toLowerCase(), 'websocket');
  });

  test('a channel session publishes the fingerprint as a path event once the socket is open', async () => {
    const channel = await createChannelVia(trusting.dispatcher, front.origin, sim.credentials.userToken);
    const bus = new EventBus(systemClock);
    const pathEvent = new Promise<ProbeEvent>((resolve) =>
      bus.subscribe((event) => event.event === 'path' && resolve(event)),
    );
    const session = new ChannelSession({
      url: secureUri(channel.connectUri),
      channel: channel.id,
      conn: 1,
      bus,
      clock: systemClock,
      connect: trusting.connect,
      describePath: trusting.describePath,
    });
    await session.open();
    const event = await pathEvent;
    await session.stop();
    assert.ok(event.event === 'path' && event.tls?.publicCa === false && event.tls.chain.length === 3);
  });

  test('without --ca, REST fails with a certificate error that says to pass --ca', async () => {
    const plain = await createNetworkStack({ proxy: direct, caFile: null, clock: systemClock });
    try {
      await assert.rejects(
        createChannelVia(plain.dispatcher, front.origin, sim.credentials.userToken),
        (error: unknown) =>
          isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
          /not signed by a CA this machine trusts/.test(error.message) &&
          /--ca FILE/.test(error.message) &&
          error.message.includes(`localhost:${front.port}`),
      );
    } finally {
      await plain.close();
    }
  });

  test('without --ca, the WebSocket fails with the same certificate error', async () => {
    const channel = await createChannelVia(trusting.dispatcher, front.origin, sim.credentials.userToken);
    const plain = await createNetworkStack({ proxy: direct, caFile: null, clock: systemClock });
    try {
      await assert.rejects(
        openSocket(plain.connect, secureUri(channel.connectUri)),
        (error: unknown) =>
          isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
          /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/.test(error.message) &&
          /--ca FILE/.test(error.message),
      );
    } finally {
      await plain.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { createNetworkStack, type NetworkStack } from '../../src/net/network-stack.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { closeSocket, createChannelVia, openSocket } from '../support/net-sim.js';
import { fastScenario } from '../support/probe-harness.js';
import { type RunningSquid, squidSkipReason, startSquid } from '../support/squid.js';

const skip = squidSkipReason();
const LOGIN = { user: 'agent', password: 'pr0xy-Secret' };

describe('through a real Squid forward proxy', { skip }, () => {
  let sim: RunningSimulator;
  let open: RunningSquid;
  let guarded: RunningSquid;
  const stacks: NetworkStack[] = [];

  const stackFor = async (explicit: string | null, env: Record<string, string> = {}): Promise<NetworkStack> => {
    const stack = await createNetworkStack({ proxy: { explicit, env }, caFile: null, clock: systemClock });
    stacks.push(stack);
    return stack;
  };
  const withLogin = (squid: RunningSquid, user: string, password: string): string =>
    `http://${user}:${encodeURIComponent(password)}@127.0.0.1:${squid.port}`;

  before(async () => {
    [sim, open, guarded] = await Promise.all([
      startSimulator({ scenario: fastScenario({ heartbeatIntervalMs: 50 }) }),
      startSquid(),
      startSquid({ auth: LOGIN }),
    ]);
  });
  after(async () => {
    await Promise.all(stacks.map((stack) => stack.close()));
    await Promise.all([open?.stop(), guarded?.stop(), sim?.close()]);
  });

  test('REST and the WebSocket go through the proxy, and the fingerprint names it with CONNECT status 200', async () => {
    const stack = await createNetworkStack({
      proxy: { explicit: open.url, env: {} },
      caFile: null,
      clock: systemClock,
    });
    const channel = await createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken);
    const { ws, upgrade, firstFrame } = await openSocket(stack.connect, channel.connectUri);
    assert.match(await firstFrame, /WebSocket Heartbeat/);
    const path = await stack.describePath(upgrade, channel.connectUri);
    await closeSocket(ws);
    await stack.close();
    assert.deepEqual(path.proxy, { url: open.url, connectStatus: 200 });
    assert.equal(path.remoteAddress, '127.0.0.1');
    assert.equal(path.remotePort, open.port, 'through a proxy the TCP peer is the proxy');
    assert.equal(path.resolved, null, 'the proxy resolves the name, not the probe');
    assert.equal(path.tls, null);
    // One tunnel for the pooled REST connection, one for the WebSocket; Squid logs each as it ends.
    const tunnel = new RegExp(`TCP_TUNNEL/200 .* CONNECT 127\\.0\\.0\\.1:${sim.port} `);
    await open.waitForLogLines(tunnel, 2);
  });

  test('HTTP_PROXY from the environment is used for ws:// and http:// targets', async () => {
    const stack = await stackFor(null, { HTTP_PROXY: open.url });
    const channel = await createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken);
    const { ws, upgrade } = await openSocket(stack.connect, channel.connectUri);
    const path = await stack.describePath(upgrade, channel.connectUri);
    await closeSocket(ws);
    assert.equal(path.proxy?.connectStatus, 200);
    assert.equal(path.remotePort, open.port);
  });

  test('NO_PROXY sends the connection direct, and the fingerprint says so', async () => {
    const stack = await stackFor(null, { HTTP_PROXY: open.url, NO_PROXY: '127.0.0.1' });
    const channel = await createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken);
    const { ws, upgrade } = await openSocket(stack.connect, channel.connectUri);
    const path = await stack.describePath(upgrade, channel.connectUri);
    await closeSocket(ws);
    assert.equal(path.proxy, null);
    assert.equal(path.remotePort, sim.port);
    assert.deepEqual(path.resolved, ['127.0.0.1']);
  });

  test('a proxy that wants a login answers 407, and the error names the proxy and says how to log in', async () => {
    const stack = await stackFor(guarded.url);
    const check = (error: unknown): boolean =>
      isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
      error.message.includes(`The proxy ${guarded.url} refused CONNECT`) &&
      /HTTP 407/.test(error.message) &&
      /USER:PASSWORD@/.test(error.message);
    await assert.rejects(createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken), check);
    await assert.rejects(openSocket(stack.connect, `ws://127.0.0.1:${sim.port}/channels/any`), check);
  });

  test('wrong credentials are a 407 that says to check them, without quoting the password', async () => {
    const stack = await stackFor(withLogin(guarded, LOGIN.user, 'wrong-Secret'));
    await assert.rejects(
      createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken),
      (error: unknown) =>
        isIdleprobeError(error) &&
        /HTTP 407/.test(error.message) &&
        /did not accept/.test(error.message) &&
        !error.message.includes('wrong-Secret') &&
        error.message.includes(guarded.url),
    );
  });

  test('with the right credentials in the proxy URL, REST and the WebSocket go through, and the fingerprint shows no password', async () => {
    const stack = await stackFor(withLogin(guarded, LOGIN.user, LOGIN.password));
    const channel = await createChannelVia(stack.dispatcher, sim.apiBase, sim.credentials.userToken);
    const { ws, upgrade, firstFrame } = await openSocket(stack.connect, channel.connectUri);
    assert.match(await firstFrame, /WebSocket Heartbeat/);
    const path = await stack.describePath(upgrade, channel.connectUri);
    await closeSocket(ws);
    assert.deepEqual(path.proxy, { url: guarded.url, connectStatus: 200 });
    assert.ok(!JSON.stringify(path).includes(LOGIN.password));
    assert.ok((await guarded.accessLog()).includes(` ${LOGIN.user} `), 'Squid logged the authenticated user');
  });

  test('a CONNECT the proxy refuses (a port its rules forbid) is an error naming the proxy, the target and the status', async () => {
    const stack = await stackFor(open.url);
    const check = (error: unknown): boolean =>
      isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
      error.message.includes(`The proxy ${open.url} refused CONNECT 127.0.0.1:25 with HTTP 403`) &&
      /forbid/.test(error.message);
    await assert.rejects(openSocket(stack.connect, 'ws://127.0.0.1:25/channels/any'), check);
    await assert.rejects(createChannelVia(stack.dispatcher, 'http://127.0.0.1:25', 'token'), check);
  });

  test('a proxy that is not there is an error naming it, not the target', async () => {
    const gone = `http://127.0.0.1:${open.port === 1 ? 2 : 1}`;
    const stack = await stackFor(gone);
    await assert.rejects(
      openSocket(stack.connect, channelUriOf(sim)),
      (error: unknown) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
        error.message.includes(`Could not reach the proxy ${gone}`) &&
        /ECONNREFUSED/.test(error.message),
    );
  });
});

function channelUriOf(sim: RunningSimulator): string {
  return `ws://127.0.0.1:${sim.port}/channels/any`;
}

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { loadCaBundle } from '../../src/net/ca-bundle.js';
import { Connector } from '../../src/net/open-connection.js';
import { settingsRouter } from '../../src/net/proxy-router.js';
import { startFakeProxy } from '../support/net-fake-proxy.js';
import { makeTestPki } from '../support/tls-front.js';

const connectorVia = (proxy: string, timeoutMs = 5_000) =>
  new Connector({ router: settingsRouter({ explicit: proxy, env: {} }), ca: null, clock: systemClock, timeoutMs });

describe('the CONNECT tunnel, against a hand-written proxy', () => {
  test('the request asks for host:port and carries the login from the proxy URL as Basic, decoded', async () => {
    const proxy = await startFakeProxy((socket) => socket.end('HTTP/1.1 200 Connection established\r\n\r\n'));
    const withLogin = proxy.url.replace('http://', 'http://ann%40corp:p%3Ass@');
    try {
      const socket = await connectorVia(withLogin).open({ secure: false, host: '127.0.0.1', port: 4567 });
      socket.destroy();
      const head = proxy.requests[0] ?? '';
      assert.match(head, /^CONNECT 127\.0\.0\.1:4567 HTTP\/1\.1\r\n/);
      assert.match(head, /\r\nhost: 127\.0\.0\.1:4567/i);
      assert.ok(
        head
          .toLowerCase()
          .includes(`proxy-authorization: basic ${Buffer.from('ann@corp:p:ss').toString('base64').toLowerCase()}`),
        head,
      );
    } finally {
      await proxy.close();
    }
  });

  test("bytes the target sends in the same packet as the proxy's 200 reach the reader of the tunnel", {
    timeout: 5_000,
  }, async () => {
    const proxy = await startFakeProxy((socket) =>
      socket.write('HTTP/1.1 200 Connection established\r\n\r\nHELLO FROM TARGET'),
    );
    try {
      const socket = await connectorVia(proxy.url).open({ secure: false, host: '127.0.0.1', port: 4567 });
      const first = await new Promise<string>((resolve) =>
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString())),
      );
      socket.destroy();
      assert.equal(first, 'HELLO FROM TARGET');
    } finally {
      await proxy.close();
    }
  });

  test('a proxy that accepts the connection but never answers CONNECT ends in a timeout naming it', async () => {
    const proxy = await startFakeProxy(() => {});
    try {
      await assert.rejects(
        connectorVia(proxy.url, 200).open({ secure: true, host: 'streaming.example', port: 443 }),
        (error: unknown) =>
          isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
          error.message.includes(`The proxy ${proxy.url} did not answer CONNECT streaming.example:443`),
      );
    } finally {
      await proxy.close();
    }
  });

  test('a proxy that hangs up without answering is an error naming it', async () => {
    const proxy = await startFakeProxy((socket) => socket.destroy());
    try {
      await assert.rejects(
        connectorVia(proxy.url).open({ secure: true, host: 'streaming.example', port: 443 }),
        (error: unknown) =>
          isIdleprobeError(error, 'IDLEPROBE_ERR_NETWORK') &&
          error.message.includes(`Could not reach the proxy ${proxy.url}`),
      );
    } finally {
      await proxy.close();
    }
  });

  test('an IPv6 target is bracketed in the CONNECT line', async () => {
    const proxy = await startFakeProxy((socket) => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    try {
      await assert.rejects(
        connectorVia(proxy.url).open({ secure: false, host: '::1', port: 8080 }),
        /refused CONNECT \[::1\]:8080 with HTTP 502/,
      );
      assert.match(proxy.requests[0] ?? '', /^CONNECT \[::1\]:8080 HTTP\/1\.1/);
    } finally {
      await proxy.close();
    }
  });

  test('an https:// proxy is reached over TLS, trusting --ca, and tunnels inside that TLS', {
    timeout: 10_000,
  }, async () => {
    const pki = await makeTestPki();
    const proxy = await startFakeProxy((socket) => socket.write('HTTP/1.1 200 Connection established\r\n\r\nINSIDE'), {
      key: pki.key,
      cert: pki.certChain,
    });
    try {
      const ca = await loadCaBundle(pki.caFile);
      const connector = new Connector({
        router: settingsRouter({ explicit: proxy.url, env: {} }),
        ca,
        clock: systemClock,
        timeoutMs: 5_000,
      });
      const socket = await connector.open({ secure: false, host: '127.0.0.1', port: 4567 });
      const first = await new Promise<string>((resolve) =>
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString())),
      );
      socket.destroy();
      assert.equal(first, 'INSIDE');
      assert.match(proxy.requests[0] ?? '', /^CONNECT 127\.0\.0\.1:4567 /);
      assert.equal(connector.recordOf(socket)?.proxy?.display, proxy.url);
    } finally {
      await proxy.close();
      await rm(pki.dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { rootCertificates } from 'node:tls';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { describeChain, endsAtPublicCa } from '../../src/net/certificate-chain.js';
import { createPathDescriber } from '../../src/net/fingerprint.js';
import { Connector } from '../../src/net/open-connection.js';
import type { ProxySettings } from '../../src/net/proxy-config.js';
import { settingsRouter } from '../../src/net/proxy-router.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
const direct: ProxySettings = { explicit: null, env: {} };

function describer(proxy: ProxySettings = direct, resolve = async (host: string) => [`resolved:${host}`]) {
  const router = settingsRouter(proxy);
  const connector = new Connector({ router, ca: null, clock, timeoutMs: 1_000 });
  return createPathDescriber({ connector, router, clock, resolve });
}

/** An upgrade response as far as the describer reads it: headers and maybe a socket. */
function upgrade(headers: Record<string, string | string[]>, socket?: object): IncomingMessage {
  return { headers, socket } as unknown as IncomingMessage;
}

describe('describePath', () => {
  test('never throws when the response has no socket and no headers: every piece is null', async () => {
    const path = await describer()(upgrade({}), 'ws://sim.example:80/channels/x');
    assert.deepEqual(path, {
      resolved: ['resolved:sim.example'],
      localAddress: null,
      localPort: null,
      remoteAddress: null,
      remotePort: null,
      proxy: null,
      tls: null,
      upgradeHeaders: {},
      clockSkewMs: null,
    });
  });

  test('a failing name lookup leaves resolved null instead of failing', async () => {
    const path = await describer(direct, async () => {
      throw new Error('ENOTFOUND');
    })(upgrade({}), 'wss://gone.example/channels/x');
    assert.equal(path.resolved, null);
  });

  test('response headers are kept lower-case, and cookies and credentials are withheld', async () => {
    const path = await describer()(
      upgrade({
        upgrade: 'websocket',
        'x-amzn-trace-id': 'Root=1',
        'set-cookie': ['AWSALB=abc', 'b=2'],
        cookie: 'c=3',
        authorization: 'Bearer t',
        'proxy-authorization': 'Basic x',
        via: '1.1 squid',
        'X-Served-By': 'lb-7',
      }),
      'ws://sim.example/channels/x',
    );
    assert.deepEqual(path.upgradeHeaders, {
      upgrade: 'websocket',
      'x-amzn-trace-id': 'Root=1',
      via: '1.1 squid',
      'x-served-by': 'lb-7',
    });
  });

  test('clock skew is the server Date minus our wall clock; absent or unreadable Date gives null', async () => {
    const ahead = await describer()(
      upgrade({ date: new Date(clock.wallNow() + 5_000).toUTCString() }),
      'ws://a.example/',
    );
    assert.equal(ahead.clockSkewMs, 5_000);
    const behind = await describer()(
      upgrade({ date: new Date(clock.wallNow() - 90_000).toUTCString() }),
      'ws://a.example/',
    );
    assert.equal(behind.clockSkewMs, -90_000);
    assert.equal((await describer()(upgrade({ date: 'yesterday-ish' }), 'ws://a.example/')).clockSkewMs, null);
  });

  test('a connection not opened by the stack still names the configured proxy, with no CONNECT status and no lookup', async () => {
    let looked = false;
    const proxy = { explicit: 'http://user:pw@proxy.corp:3128', env: {} };
    const path = await describer(proxy, async () => {
      looked = true;
      return [];
    })(upgrade({}), 'wss://streaming.example/channels/x');
    assert.deepEqual(path.proxy, { url: 'http://proxy.corp:3128', connectStatus: null });
    assert.equal(path.resolved, null);
    assert.equal(looked, false, 'through a proxy the probe does not resolve the name itself');
  });

  test('the TCP endpoints come from the socket when there is one', async () => {
    const socket = { localAddress: '10.0.0.5', localPort: 50000, remoteAddress: '52.1.2.3', remotePort: 443 };
    const path = await describer()(upgrade({}, socket), 'ws://a.example/');
    assert.deepEqual(
      [path.localAddress, path.localPort, path.remoteAddress, path.remotePort],
      ['10.0.0.5', 50000, '52.1.2.3', 443],
    );
  });
});

describe('the certificate chain judgement', () => {
  test("a chain ending at one of Node's default roots is public", () => {
    const root = new X509Certificate(rootCertificates[0]!);
    assert.equal(endsAtPublicCa([root]), true);
  });

  test('no chain at all is no verdict', () => {
    assert.equal(endsAtPublicCa([]), null);
  });

  test('chain links are written one line each, subject and issuer', () => {
    const root = new X509Certificate(rootCertificates[0]!);
    const [link] = describeChain([root]);
    assert.ok(link && !link.subject.includes('\n') && link.subject.length > 0);
    assert.equal(link.subject, link.issuer, 'a root issues itself');
  });
});

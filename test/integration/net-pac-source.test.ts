import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/clock/system-clock.js';
import { isIdleprobeError } from '../../src/errors.js';
import { createNetworkStack } from '../../src/net/network-stack.js';
import { servePac } from '../support/pac-server.js';
import { makeTestPki } from '../support/tls-front.js';

const PAC = 'function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:3128"; }';

test('a PAC served over https by a private CA is fetched when --ca trusts it, and refused with a clear error when not', async () => {
  const pki = await makeTestPki();
  const pac = await servePac(PAC, { key: pki.key, cert: pki.certChain });
  try {
    const stack = await createNetworkStack({
      proxy: { explicit: null, env: {} },
      pac: pac.url,
      caFile: pki.caFile,
      clock: systemClock,
    });
    try {
      const route = await stack.routeFor('wss://streaming.example.com/channels/x');
      assert.equal(route.endpoint?.display, 'http://127.0.0.1:3128');
      assert.deepEqual(route.pac, { source: pac.url, returned: 'PROXY 127.0.0.1:3128' });
    } finally {
      await stack.close();
    }
    await assert.rejects(
      createNetworkStack({ proxy: { explicit: null, env: {} }, pac: pac.url, caFile: null, clock: systemClock }),
      (error) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG') &&
        error.message.startsWith(`The PAC file ${pac.url} could not be fetched (`),
    );
  } finally {
    await pac.stop();
  }
});

test("a PAC URL's user and password are never shown, and a server error is named", async () => {
  const pac = await servePac(PAC);
  try {
    const missing = pac.url.replace('http://', 'http://wpad-user:s3cret-pw@').replace('proxy.pac', 'gone.pac');
    await assert.rejects(
      createNetworkStack({ proxy: { explicit: null, env: {} }, pac: missing, caFile: null, clock: systemClock }),
      (error) =>
        isIdleprobeError(error, 'IDLEPROBE_ERR_CONFIG') &&
        /answered HTTP 404/.test(error.message) &&
        !error.message.includes('s3cret-pw'),
    );
  } finally {
    await pac.stop();
  }
});

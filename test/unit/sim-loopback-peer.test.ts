import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackPeer } from '../../src/sim/loopback-peer.js';

test('the control endpoint takes 127.0.0.0/8, ::1 and IPv4-mapped 127.x as loopback peers, nothing else', () => {
  for (const address of ['127.0.0.1', '127.5.6.7', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3'])
    assert.equal(isLoopbackPeer(address), true, address);
  for (const address of [undefined, '', '192.0.2.10', '::ffff:192.0.2.10', '10.0.0.1', 'fe80::1', '::', '128.0.0.1'])
    assert.equal(isLoopbackPeer(address), false, String(address));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepaliveLabel, parseKeepalive } from '../../src/channel/keepalive.js';

test('each strategy parses and prints back as written', () => {
  for (const text of ['none', 'tcp:30s', 'ws-ping:1m', 'ping:1m30s', 'ping:250ms', 'tcp:1h']) {
    assert.equal(keepaliveLabel(parseKeepalive(text)), text);
  }
  assert.deepEqual(parseKeepalive('ws-ping:45s'), { kind: 'ws-ping', intervalMs: 45_000 });
});

test('a strategy without an interval, or an unknown one, is a usage error', () => {
  for (const bad of ['ping', 'tcp:', 'udp:30s', 'ping:30s:x', 'ping:0s', '']) {
    assert.throws(
      () => parseKeepalive(bad),
      (error: Error & { code?: string }) => error.code === 'IDLEPROBE_ERR_USAGE',
      bad,
    );
  }
});

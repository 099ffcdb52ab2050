import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIdleprobeError } from '../../src/errors.js';
import { readPacAnswer } from '../../src/net/pac-answer.js';
import { pacUrlOf } from '../../src/net/proxy-router.js';

test('the first entry of a PAC answer is the one used; DIRECT and an empty answer mean no proxy', () => {
  assert.equal(readPacAnswer('PROXY corp:8080; DIRECT', 'p.pac').endpoint?.display, 'http://corp:8080');
  assert.equal(readPacAnswer('HTTPS secure.corp:443', 'p.pac').endpoint?.display, 'https://secure.corp');
  assert.equal(readPacAnswer('DIRECT; PROXY corp:8080', 'p.pac').endpoint, null);
  assert.equal(readPacAnswer('', 'p.pac').endpoint, null);
  assert.equal(readPacAnswer('proxy corp:8080;', 'p.pac').endpoint?.port, 8080);
});

test('SOCKS and nonsense answers are configuration errors that name the PAC file', () => {
  for (const answer of ['SOCKS corp:1080', 'SOCKS5 corp:1080; DIRECT', 'banana']) {
    assert.throws(
      () => readPacAnswer(answer, 'http://wpad/proxy.pac'),
      (error) => isIdleprobeError(error) && error.code === 'IDLEPROBE_ERR_CONFIG' && error.message.includes('wpad'),
    );
  }
});

test('the PAC is asked about scheme, host and port only; WebSockets as their http(s) twins', () => {
  assert.equal(pacUrlOf('wss://streaming.example.com/channels/secret-id'), 'https://streaming.example.com/');
  assert.equal(pacUrlOf('ws://127.0.0.1:8080/channels/x'), 'http://127.0.0.1:8080/');
  assert.equal(pacUrlOf('https://api.example.com:443'), 'https://api.example.com/');
});

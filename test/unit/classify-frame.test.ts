import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFrame } from '../../src/protocol/classify-frame.js';
import { channelSystemTopic, systemMessageType, TOKEN_REVOKED } from '../../src/protocol/notification-words.js';
import { HEARTBEAT_FRAME, PONG_FRAME } from '../../src/sim/topic-events.js';

test('the documented heartbeat is a heartbeat', () => {
  assert.deepEqual(classifyFrame('{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}'), {
    kind: 'heartbeat',
  });
});

test('the documented pong is a pong', () => {
  assert.deepEqual(classifyFrame('{"topicName":"channel.metadata","eventBody":{"message":"pong"}}'), { kind: 'pong' });
});

test('socket_closing is the maintenance warning and keeps its body', () => {
  const meaning = classifyFrame('{"topicName":"v2.system.socket_closing","eventBody":{"message":"bye"}}');
  assert.deepEqual(meaning, { kind: 'warning', topic: 'v2.system.socket_closing', body: { message: 'bye' } });
});

test('other v2.system topics are system messages', () => {
  const meaning = classifyFrame(
    '{"topicName":"v2.system.token_revoked.abc","eventBody":{"systemTopicType":"token_revoked"}}',
  );
  assert.equal(meaning.kind, 'system');
});

test('an event on a subscribed topic is a notification', () => {
  assert.deepEqual(classifyFrame('{"topicName":"v2.users.1.presence","version":"2","eventBody":{}}'), {
    kind: 'notification',
    topic: 'v2.users.1.presence',
  });
});

test('frames the protocol does not describe are kept with a note, never dropped', () => {
  assert.equal(classifyFrame('not json').kind, 'frame');
  assert.equal(classifyFrame('[1,2]').kind, 'frame');
  assert.equal(classifyFrame('{"result":"200"}').kind, 'frame');
  assert.equal(classifyFrame(null).kind, 'frame');
  const odd = classifyFrame('{"topicName":"channel.metadata","eventBody":{"message":"hello"}}');
  assert.deepEqual(odd, { kind: 'frame', note: 'channel.metadata message "hello"' });
});

test('the frames the simulator sends read as the probe expects them', () => {
  assert.deepEqual(classifyFrame(JSON.stringify(HEARTBEAT_FRAME)), { kind: 'heartbeat' });
  assert.deepEqual(classifyFrame(JSON.stringify(PONG_FRAME)), { kind: 'pong' });
  const revoked = channelSystemTopic(TOKEN_REVOKED, 'streaming-0-abc');
  const meaning = classifyFrame(JSON.stringify({ topicName: revoked, eventBody: {} }));
  assert.equal(meaning.kind, 'system');
  assert.equal(systemMessageType(revoked, {}), TOKEN_REVOKED);
});

test('a system message names its type in its body, else in its topic', () => {
  assert.equal(
    systemMessageType('v2.system.x.abc', { systemTopicType: 'no_longer_subscribed' }),
    'no_longer_subscribed',
  );
  assert.equal(systemMessageType('v2.system.token_revoked.abc', undefined), 'token_revoked');
  assert.equal(systemMessageType('v2.users.1.presence', {}), null);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import { CHANNEL, script } from '../support/event-builders.js';

describe('a closure row measures the gaps before the close', () => {
  test('an idle-timeout close after 30 heartbeats reports every gap exactly', () => {
    const events = script().runStart().at(1_000).open().heartbeats(30).at(915_000).close().runEnd().build();
    const [row] = analyze(events).closures;
    const { signals, cause, confidence, evidence, keepalive, firstKeepaliveMs, run, source, timeScale, ...gaps } = row!;
    assert.deepEqual(
      { keepalive, firstKeepaliveMs, run, source, timeScale },
      { keepalive: null, firstKeepaliveMs: null, run: 1, source: null, timeScale: 1 },
    );
    assert.equal(typeof evidence, 'string');
    assert.deepEqual(gaps, {
      channel: CHANNEL,
      connection: 1,
      openedAt: '2026-01-01T12:00:01.000Z',
      closedAt: '2026-01-01T12:15:15.000Z',
      code: 1001,
      reason: 'idle timeout',
      clean: true,
      by: 'server',
      error: null,
      violation: null,
      lifetimeMs: 914_000,
      realLifetimeMs: 914_000,
      sinceHeartbeatMs: 14_000,
      sincePongMs: null,
      sinceInboundMs: 14_000,
      sinceOutboundMs: null,
      warningLeadMs: null,
      heartbeats: 30,
      maxHeartbeatGapMs: 30_000,
      missedHeartbeats: 0,
    });
  });

  test('an app ping and its pong set since-outbound and since-pong', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .at(100_000)
      .ping()
      .after(42.25)
      .pong()
      .at(160_000)
      .heartbeat()
      .at(400_000)
      .close()
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.sinceOutboundMs, 300_000);
    assert.equal(row?.sincePongMs, 299_957.8);
    assert.equal(row?.sinceHeartbeatMs, 240_000);
    assert.equal(row?.sinceInboundMs, 240_000);
  });

  test('a notification counts as inbound traffic but not as a heartbeat', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .at(30_000)
      .heartbeat()
      .at(50_000)
      .notification()
      .at(70_000)
      .close()
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.sinceInboundMs, 20_000);
    assert.equal(row?.sinceHeartbeatMs, 40_000);
    assert.equal(row?.heartbeats, 1);
  });

  test('an RFC 6455 ping from the service counts as outbound too, since the socket answers it with a pong', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .at(30_000)
      .heartbeat()
      .at(40_000)
      .push({
        event: 'frame',
        channel: CHANNEL,
        conn: 1,
        kind: 'control',
        bytes: 0,
        note: 'RFC 6455 ping from the service (ws answers it with a pong, as the RFC requires)',
      })
      .at(50_000)
      .push({
        event: 'frame',
        channel: CHANNEL,
        conn: 1,
        kind: 'control',
        bytes: 0,
        note: 'RFC 6455 pong from the service',
      })
      .at(55_000)
      .close()
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.sinceOutboundMs, 15_000, 'the pong answering the ping went out at 40 s');
    assert.equal(row?.sinceInboundMs, 5_000, 'both control frames came in');
  });

  test('a socket_closing warning gives the lead time before the close', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .heartbeats(4)
      .after(5_000)
      .warning()
      .after(60_250)
      .close({ code: 1001, reason: 'going away' })
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.warningLeadMs, 60_250);
    assert.equal(row?.sinceInboundMs, 60_250);
    assert.equal(row?.sinceHeartbeatMs, 65_250);
  });

  test('a connection that died without a close frame keeps 1006 and its socket error', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .heartbeats(2)
      .after(3_000)
      .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' })
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.code, 1006);
    assert.equal(row?.clean, false);
    assert.equal(row?.by, 'network');
    assert.equal(row?.error, 'ECONNRESET');
    assert.equal(row?.lifetimeMs, 63_000);
  });

  test('a watchdog close reports the silence as since-heartbeat, not as missed beats', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .heartbeats(3)
      .after(90_000)
      .push({ event: 'watchdog', channel: CHANNEL, conn: 1, silentMs: 90_000, limitMs: 90_000 })
      .close({ code: 1006, reason: 'watchdog', clean: false, by: 'watchdog' })
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.by, 'watchdog');
    assert.equal(row?.sinceHeartbeatMs, 90_000);
    assert.equal(row?.missedHeartbeats, 0);
    assert.equal(row?.maxHeartbeatGapMs, 30_000);
  });

  test('gaps over 45 s count the heartbeats they skipped', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .heartbeats(2)
      .heartbeats(1, 90_000)
      .heartbeats(1, 46_000)
      .heartbeats(1, 45_000)
      .after(1_000)
      .close()
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.maxHeartbeatGapMs, 90_000);
    assert.equal(row?.missedHeartbeats, 3, '90 s skips two beats, 46 s one, exactly 45 s none');
  });

  test('the wait from open to the first heartbeat counts as a heartbeat gap', () => {
    const events = script()
      .runStart()
      .at(0)
      .open()
      .at(70_000)
      .heartbeat()
      .at(100_000)
      .heartbeat()
      .at(101_000)
      .close()
      .build();
    const [row] = analyze(events).closures;
    assert.equal(row?.maxHeartbeatGapMs, 70_000);
    assert.equal(row?.missedHeartbeats, 1);
  });

  test('a connection that never heard a frame has null gaps and no heartbeat gap', () => {
    const events = script().runStart().at(0).open().at(5_000).close({ code: 1000, reason: '' }).build();
    const [row] = analyze(events).closures;
    assert.equal(row?.heartbeats, 0);
    assert.equal(row?.maxHeartbeatGapMs, null);
    assert.equal(row?.sinceHeartbeatMs, null);
    assert.equal(row?.sinceInboundMs, null);
    assert.equal(row?.lifetimeMs, 5_000);
  });

  test('durations come from mono even when the wall clock jumped', () => {
    const events = script().runStart().at(0).open().at(60_000).heartbeat().at(61_000).close().build();
    const jumped = events.map((e) => (e.event === 'close' ? { ...e, time: '2026-01-01T14:00:00.000Z' } : e));
    const [row] = analyze(jumped).closures;
    assert.equal(row?.lifetimeMs, 61_000);
    assert.equal(row?.closedAt, '2026-01-01T14:00:00.000Z');
  });
});

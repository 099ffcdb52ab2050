import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analysis/closure-analyzer.js';
import type { KeepaliveVerdict } from '../../src/analysis/summary.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderTable } from '../../src/report/render-table.js';
import { type Lane, type LaneStory, laneRun, story } from '../support/lane-runs.js';

const S = 1_000;

function verdictOf(events: ProbeEvent[]): KeepaliveVerdict {
  const verdict = analyze(events).patterns.keepalive;
  assert.ok(verdict, 'a verdict for a run with several strategies');
  return verdict;
}

/** The README's matrix, or the same with other intervals: none, tcp, ws-ping and ping side by side. */
function matrix(intervalMs: number, lanes: (label: string) => LaneStory): Lane[] {
  const every = `${intervalMs / S}s`;
  return ['none', `tcp:${every}`, `ws-ping:${every}`, `ping:${every}`].map((keepalive) => ({
    keepalive,
    story: lanes(keepalive),
  }));
}

/** A box that forgets a connection after 20 s without traffic from the client. */
function boxAt20s(intervalMs: number): (label: string) => LaneStory {
  return (label) => {
    const kind = label.split(':')[0];
    if (kind === 'ws-ping' || kind === 'ping') {
      const ping = { everyMs: intervalMs, kind: kind === 'ws-ping' ? ('ws' as const) : ('app' as const) };
      // A keepalive under 20 s keeps the box's timer from firing; one over it comes too late.
      return intervalMs < 20 * S ? story(60 * S, 'probe', { ping }) : story(20 * S, 'cut');
    }
    if (kind === 'tcp') return intervalMs < 20 * S ? story(60 * S, 'probe') : story(20 * S, 'cut');
    return story(20 * S, 'cut');
  };
}

describe('the keepalive verdict is conclusive only when it can be', () => {
  test('a box cutting at 20 s, before the first 30 s keepalive: not conclusive, and it says what to run next', () => {
    const verdict = verdictOf(laneRun(matrix(30 * S, boxAt20s(30 * S))));
    assert.equal(verdict.conclusive, false);
    assert.equal(
      verdict.why,
      'every lane was cut after about 20 s, before its first keepalive at 30 s: run again with intervals under 20 s: ' +
        'idleprobe run --keepalive none,tcp:10s,ws-ping:10s,ping:10s ...',
    );
    assert.doesNotMatch(verdict.pointsTo, /lifetime cap|token/, 'no lane had a chance, so nothing points to a cap');
    assert.deepEqual(
      verdict.strategies.map((s) => [s.keepalive, s.survived, s.counted]),
      [
        ['none', false, true],
        ['tcp:30s', false, false],
        ['ws-ping:30s', false, false],
        ['ping:30s', false, false],
      ],
    );
  });

  test('the same box with 10 s keepalives: conclusive, and it names the layer', () => {
    const verdict = verdictOf(laneRun(matrix(10 * S, boxAt20s(10 * S))));
    assert.equal(verdict.conclusive, true, verdict.why);
    assert.deepEqual(verdict.survivors, ['tcp:10s', 'ws-ping:10s', 'ping:10s']);
    assert.match(verdict.pointsTo, /TCP keepalive was enough: a NAT, load balancer or firewall/);
    assert.match(verdict.why, /closures' own causes agree \(intermediary\)/);
  });

  test('a black hole ended by the watchdog reads the same: half-open agrees with a path cut', () => {
    const lanes = matrix(10 * S, (label) =>
      label === 'none'
        ? story(96 * S, 'watchdog', { heartbeatEveryMs: 7 * S, heartbeatsUntilMs: 22 * S })
        : boxAt20s(10 * S)(label),
    );
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, true, verdict.why);
    assert.match(verdict.why, /half-open/);
  });

  test('keepalives sent into a black hole do not count: only those before the last frame from the service', () => {
    // Every lane heard its last heartbeat at 21 s; the pings at 30 s went into the silence.
    const silent = (ping?: { everyMs: number; kind: 'app' | 'ws' }) =>
      story(96 * S, 'watchdog', { heartbeatEveryMs: 7 * S, heartbeatsUntilMs: 22 * S, ...(ping ? { ping } : {}) });
    const lanes: Lane[] = [
      { keepalive: 'none', story: silent() },
      { keepalive: 'tcp:30s', story: silent() },
      { keepalive: 'ws-ping:30s', story: silent({ everyMs: 30 * S, kind: 'ws' }) },
      { keepalive: 'ping:30s', story: silent({ everyMs: 30 * S, kind: 'app' }) },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, false);
    assert.equal(
      verdict.why,
      'every lane went silent after about 21 s, before its first keepalive at 30 s: run again with intervals under 21 s: ' +
        'idleprobe run --keepalive none,tcp:10s,ws-ping:10s,ping:10s ...',
    );
  });

  test('a tcp lane "sent" its keepalive once its age passed its interval: the kernel probes are not in the log', () => {
    // tcp:10s cut at 25 s had sent one (and it was not enough); none and tcp both closed, ws-ping survived.
    const lanes: Lane[] = [
      { keepalive: 'none', story: story(25 * S, 'cut') },
      { keepalive: 'tcp:10s', story: story(25 * S, 'cut') },
      { keepalive: 'ws-ping:10s', story: story(60 * S, 'probe', { ping: { everyMs: 10 * S, kind: 'ws' } }) },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, true, verdict.why);
    assert.match(verdict.pointsTo, /RFC 6455 pings were enough but TCP keepalive was not/);
  });

  test('a tcp lane cut before its interval leaves the layer open between TCP and WebSocket', () => {
    const lanes: Lane[] = [
      { keepalive: 'none', story: story(25 * S, 'cut') },
      { keepalive: 'tcp:30s', story: story(25 * S, 'cut') },
      { keepalive: 'ws-ping:10s', story: story(60 * S, 'probe', { ping: { everyMs: 10 * S, kind: 'ws' } }) },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, false);
    assert.match(
      verdict.why,
      /^ws-ping:10s survived and none closed, but tcp:30s was cut after about 25 s, before its first keepalive at 30 s/,
    );
    assert.match(verdict.why, /idleprobe run --keepalive none,tcp:10s,ws-ping:10s \.\.\.$/);
  });

  test('a ws-ping lane counts only with a ping event before its close: a pong to the service does not count', () => {
    const lanes: Lane[] = [
      { keepalive: 'none', story: story(25 * S, 'cut') },
      { keepalive: 'ws-ping:30s', story: story(25 * S, 'cut') },
      { keepalive: 'ping:10s', story: story(60 * S, 'probe', { ping: { everyMs: 10 * S, kind: 'app' } }) },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.strategies.find((s) => s.keepalive === 'ws-ping:30s')?.counted, false);
    assert.equal(verdict.conclusive, false);
  });

  test('a survivor that never sent a keepalive, or ended before the others closed, is not counted', () => {
    const lanes: Lane[] = [
      { keepalive: 'none', story: story(40 * S, 'cut') },
      // Ended by the probe at 30 s: it never reached the 40 s at which none was cut, nor its first ping.
      { keepalive: 'ping:45s', story: story(30 * S, 'probe') },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, false);
    assert.deepEqual(
      verdict.strategies.map((s) => [s.keepalive, s.counted]),
      [
        ['none', true],
        ['ping:45s', false],
      ],
    );
    assert.match(verdict.why, /^ping:45s survived without sending a keepalive/);
  });

  test("surviving lanes that disagree with the closures' own causes make it not conclusive", () => {
    // ws-ping survives, none and tcp close, but with the service's own clean 1001: a path cut does not
    // send the service's close frame, so the service itself counts RFC 6455 pings.
    const service = (keepalive: string): Lane => ({
      keepalive,
      story: story(15 * 60 * S, 'idle-timeout'),
    });
    const lanes: Lane[] = [
      service('none'),
      service('tcp:30s'),
      { keepalive: 'ws-ping:30s', story: story(20 * 60 * S, 'probe', { ping: { everyMs: 30 * S, kind: 'ws' } }) },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, false);
    assert.match(
      verdict.why,
      /^the surviving lanes point to a proxy or gateway that terminates TCP, but 2 of the 2 closures of none and tcp:30s were classified client-silence/,
    );
    assert.equal(verdict.pointsTo, 'No layer can be named from this run.');
  });

  test('a run where every lane closed after its keepalives went out: traffic does not matter, yet lanes do not differ', () => {
    const capped = (keepalive: string, ping?: { everyMs: number; kind: 'app' | 'ws' }): Lane => ({
      keepalive,
      story: story(15 * 60 * S, 'idle-timeout', ping ? { ping } : {}),
    });
    const verdict = verdictOf(
      laneRun([capped('none'), capped('tcp:30s'), capped('ping:30s', { everyMs: 30 * S, kind: 'app' })]),
    );
    assert.equal(verdict.conclusive, false);
    assert.match(verdict.pointsTo, /lifetime cap or the token/);
    assert.match(verdict.why, /^no lane survived although tcp:30s and ping:30s sent keepalives before their closures/);
  });

  test('nothing closed: not conclusive', () => {
    const lanes: Lane[] = [
      { keepalive: 'none', story: story(60 * S, 'probe') },
      { keepalive: 'ping:10s', story: story(60 * S, 'probe', { ping: { everyMs: 10 * S, kind: 'app' } }) },
    ];
    const verdict = verdictOf(laneRun(lanes));
    assert.equal(verdict.conclusive, false);
    assert.match(verdict.why, /nothing closed/);
  });

  test('the JSON names both keys and the table says why a verdict is not conclusive', () => {
    const summary = analyze(laneRun(matrix(30 * S, boxAt20s(30 * S))));
    const json = JSON.parse(renderJson(summary));
    assert.equal(json.patterns.keepalive.conclusive, false);
    assert.equal(typeof json.patterns.keepalive.why, 'string');
    const table = renderTable(summary, { color: false });
    assert.match(table, /Not conclusive: every lane was cut after about 20 s/);
    assert.doesNotMatch(table, /No strategy survived/);
  });
});

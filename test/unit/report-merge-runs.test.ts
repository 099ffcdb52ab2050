import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { summarizeLogs } from '../../src/analysis/summarize-logs.js';
import type { RunSummary } from '../../src/analysis/summary.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderTable } from '../../src/report/render-table.js';
import { CHANNEL, EventScript, OTHER_CHANNEL } from '../support/event-builders.js';
import { laneRun, story } from '../support/lane-runs.js';

const MIN = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'idleprobe-merge-runs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function at(hour: number, minute = 0, second = 0): number {
  return Date.UTC(2026, 0, 1, hour, minute, second);
}

/** Writes a log and returns its path. */
function log(name: string, ndjson: string): string {
  const path = join(dir, name);
  writeFileSync(path, ndjson);
  return path;
}

function merge(...files: string[]): Promise<RunSummary> {
  return summarizeLogs(files, { sourceName: (path) => basename(path) });
}

/** One run of one connection that the service closes after `minutes`, starting at wall time `startMs`. */
function oneClosure(startMs: number, minutes: number, timeScale = 1, target = 'eu-west-1'): string {
  return new EventScript(startMs)
    .runStart(timeScale, target)
    .at(0)
    .open()
    .heartbeats(Math.floor((minutes * 2 * 1_000) / timeScale / 1_000), 30_000 / timeScale)
    .at((minutes * MIN) / timeScale)
    .close()
    .runEnd()
    .ndjson();
}

describe('merged reports: the header', () => {
  const early = log('early.ndjson', oneClosure(at(11), 120));
  const late = log('late.ndjson', oneClosure(at(12), 30));

  test('started is the earliest start and ended the latest end, whatever the order of the files', async () => {
    for (const files of [
      [early, late],
      [late, early],
    ]) {
      const summary = await merge(...files);
      assert.equal(summary.startedAt, '2026-01-01T11:00:00.000Z', files.map((f) => basename(f)).join(', '));
      assert.equal(summary.endedAt, '2026-01-01T13:00:00.000Z', files.map((f) => basename(f)).join(', '));
    }
  });

  test('a merged header counts files and runs; a single log keeps its own wording', async () => {
    const merged = renderTable(await merge(early, late), { color: false });
    assert.match(merged, /^2 files, 2 runs; the closures of all of them are listed\.$/m);
    assert.doesNotMatch(merged, /This log holds/);
    const appended = log('appended.ndjson', oneClosure(at(9), 15) + oneClosure(at(10), 15));
    assert.match(renderTable(await merge(appended), { color: false }), /^This log holds 2 runs;/m);
  });

  test('a merged log that did not end cleanly leaves the end unknown', async () => {
    const killed = log('killed.ndjson', new EventScript(at(10)).runStart().at(0).open().ndjson());
    const summary = await merge(early, killed);
    assert.equal(summary.endedAt, null);
    assert.equal(summary.startedAt, '2026-01-01T10:00:00.000Z');
  });

  test('runs of different time scales: each row says its own, the header takes none of them for all', async () => {
    const simulated = log('simulated.ndjson', oneClosure(at(12), 15, 60, 'simulator (scenario idle-timeout)'));
    const summary = await merge(early, simulated);
    assert.deepEqual(summary.timeScales, [1, 60]);
    assert.deepEqual(
      summary.closures.map((row) => [row.source, row.timeScale, row.lifetimeMs]),
      [
        ['early.ndjson', 1, 120 * MIN],
        ['simulated.ndjson', 60, 15 * MIN],
      ],
    );
    const table = renderTable(summary, { color: false });
    assert.match(table, /Durations in scenario time, each row at its own run's time scale \(1x, 60x\)\./);
    assert.doesNotMatch(table, /time scale 1x\)|time scale 60x\)/);
    assert.match(table, /│ time\s+│/);
    assert.match(table, /│ 60x\s+│/);
    const json = JSON.parse(renderJson(summary));
    assert.deepEqual(json.timeScales, [1, 60]);
    assert.deepEqual(
      json.closures.map((row: { timeScale: number }) => row.timeScale),
      [1, 60],
    );
    assert.match(table, /^Runs against eu-west-1; simulator \(scenario idle-timeout\), started/m);
  });

  test('one time scale: no scale column, and the header says it once', async () => {
    const table = renderTable(await merge(early, late), { color: false });
    assert.doesNotMatch(table, /time\s+│|each row at its own/);
  });
});

describe('merged reports: the source column', () => {
  const a = log('host-a.ndjson', oneClosure(at(12), 15));
  const b = log('host-b.ndjson', oneClosure(at(14), 20));

  test("the table and the markdown name each row's file when several are merged", async () => {
    const summary = await merge(a, b);
    const table = renderTable(summary, { color: false });
    assert.match(table, /│ source\s+│ channel/);
    assert.match(table, /│ host-a\.ndjson │/);
    assert.match(table, /│ host-b\.ndjson │/);
    const markdown = renderMarkdown(summary);
    assert.match(markdown, /^\| source \| channel \| conn \|/m);
    assert.match(markdown, /^\| host-b\.ndjson \| …/m);
  });

  test('a single log has no source column', async () => {
    const summary = await merge(a);
    assert.doesNotMatch(renderTable(summary, { color: false }), /source/);
    assert.doesNotMatch(renderMarkdown(summary), /\| source \|/);
  });
});

describe('merged reports: one keepalive verdict per target and scenario', () => {
  // A client-silence timer against the simulator (ping:5m survives) and a 100 s proxy in front of a real org.
  const service = laneRun(
    [
      { keepalive: 'none', story: story(15 * MIN, 'idle-timeout') },
      { keepalive: 'ping:5m', story: story(20 * MIN, 'probe', { ping: { everyMs: 5 * MIN, kind: 'app' } }) },
    ],
    { target: 'simulator (scenario idle-timeout)', wallStart: at(9) },
  );
  const proxied = laneRun(
    [
      { keepalive: 'none', story: story(100_000, 'cut') },
      { keepalive: 'ping:30s', story: story(5 * MIN, 'probe', { ping: { everyMs: 30_000, kind: 'app' } }) },
    ],
    { target: 'eu-west-1', wallStart: at(10) },
  );
  const ndjson = (events: unknown[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
  const sim = log('sim.ndjson', ndjson(service));
  const org = log('org.ndjson', ndjson(proxied));

  test('unrelated targets get a verdict each', async () => {
    const summary = await merge(sim, org);
    assert.equal(summary.patterns.keepalive, null, 'no single verdict across unrelated targets');
    assert.deepEqual(
      summary.patterns.keepaliveByTarget.map((v) => [v.target, v.survivors, v.conclusive]),
      [
        ['simulator (scenario idle-timeout)', ['ping:5m'], true],
        // Only app pings survived there, but the cut was the proxy's (no close frame): the verdict says so.
        ['eu-west-1', ['ping:30s'], false],
      ],
    );
    assert.match(
      summary.patterns.keepaliveByTarget[1]?.why ?? '',
      /1 of the 1 closures of none was classified intermediary/,
    );
    const table = renderTable(summary, { color: false });
    assert.match(
      table,
      /Against simulator \(scenario idle-timeout\), keepalive strategies side by side: none 1 closure/,
    );
    assert.match(table, /Against eu-west-1, keepalive strategies side by side: none 1 closure/);
  });

  test('logs of the same target share one verdict', async () => {
    const again = log(
      'sim-again.ndjson',
      ndjson(
        laneRun(
          [
            { keepalive: 'none', story: story(15 * MIN, 'idle-timeout') },
            { keepalive: 'ping:5m', story: story(20 * MIN, 'probe', { ping: { everyMs: 5 * MIN, kind: 'app' } }) },
          ],
          { target: 'simulator (scenario idle-timeout)', wallStart: at(11) },
        ),
      ),
    );
    const summary = await merge(sim, again);
    assert.equal(summary.patterns.keepaliveByTarget.length, 1);
    assert.deepEqual(
      summary.patterns.keepalive?.strategies.map((s) => [s.keepalive, s.connections]),
      [
        ['none', 2],
        ['ping:5m', 2],
      ],
    );
  });
});

describe('waves: closures on several channels at one moment', () => {
  /** One machine's log: each connection opens at `openedAt` and the service closes it at `closedAt`. */
  function machine(
    name: string,
    connections: Array<{ channel: string; conn: number; openedAt: number; closedAt: number }>,
  ): string {
    const start = Math.min(...connections.map((c) => c.openedAt));
    const script = new EventScript(start).runStart(1, 'eu-west-1');
    const moments = connections
      .flatMap((c) => [
        { at: c.openedAt - start, open: true, c },
        { at: c.closedAt - start, open: false, c },
      ])
      .sort((x, y) => x.at - y.at);
    for (const { at: mono, open, c } of moments) {
      script.at(mono);
      if (open) script.open(c.conn, c.channel);
      else script.heartbeat(c.conn, c.channel).close({ code: 1001, reason: 'going away' }, c.conn, c.channel);
    }
    return log(
      name,
      script
        .at(Math.max(...connections.map((c) => c.closedAt)) - start)
        .runEnd()
        .ndjson(),
    );
  }
  const THIRD = 'streaming-0-thirdchannel00000000000000z';

  test('3 channels on 2 machines closed within 2 s, at different ages: a wave', async () => {
    const a = machine('wave-a.ndjson', [
      { channel: CHANNEL, conn: 1, openedAt: at(12), closedAt: at(12, 30) },
      { channel: OTHER_CHANNEL, conn: 2, openedAt: at(12, 20), closedAt: at(12, 30, 1) },
    ]);
    const b = machine('wave-b.ndjson', [
      { channel: THIRD, conn: 1, openedAt: at(12, 10), closedAt: at(12, 30, 1) + 500 },
    ]);
    const summary = await merge(b, a);
    assert.deepEqual(summary.patterns.waves, [
      {
        at: '2026-01-01T12:30:00.000Z',
        withinMs: 1_500,
        closures: 3,
        channels: 3,
        sources: 2,
        minAgeMs: 10 * MIN + 1_000,
        maxAgeMs: 30 * MIN,
      },
    ]);
    const table = renderTable(summary, { color: false });
    assert.match(
      table,
      /3 channels on 2 machines closed within 1\.5 s at 12:30:00 \(3 closures, of connections aged 10m 01\.0s to 30m 00\.0s\)/,
    );
    assert.match(renderMarkdown(summary), /3 channels on 2 machines closed within 1\.5 s at 12:30:00/);
    assert.deepEqual(Object.keys(JSON.parse(renderJson(summary)).patterns.waves[0]).slice(0, 5), [
      'at',
      'withinMs',
      'closures',
      'channels',
      'sources',
    ]);
  });

  test('--channels 3 on one machine: the same wave from one log', async () => {
    const one = machine('channels-3.ndjson', [
      { channel: CHANNEL, conn: 1, openedAt: at(8), closedAt: at(9) },
      { channel: OTHER_CHANNEL, conn: 2, openedAt: at(8, 20), closedAt: at(9) + 300 },
      { channel: THIRD, conn: 3, openedAt: at(8, 40), closedAt: at(9) + 700 },
    ]);
    const summary = await merge(one);
    assert.equal(summary.patterns.waves.length, 1);
    assert.match(renderTable(summary, { color: false }), /3 channels closed within a second at 09:00:00/);
  });

  test('connections opened together and closed together are a timer, not a wave', async () => {
    const together = machine('together.ndjson', [
      { channel: CHANNEL, conn: 1, openedAt: at(8), closedAt: at(8, 15) },
      { channel: OTHER_CHANNEL, conn: 2, openedAt: at(8) + 5, closedAt: at(8, 15) + 40 },
      { channel: THIRD, conn: 3, openedAt: at(8) + 9, closedAt: at(8, 15) + 90 },
    ]);
    const summary = await merge(together);
    assert.deepEqual(summary.patterns.waves, []);
    assert.doesNotMatch(renderTable(summary, { color: false }), /closed within/);
  });

  test('closures more than a few seconds apart are not a wave', async () => {
    const apart = machine('apart.ndjson', [
      { channel: CHANNEL, conn: 1, openedAt: at(8), closedAt: at(9) },
      { channel: OTHER_CHANNEL, conn: 2, openedAt: at(8, 20), closedAt: at(9, 0, 12) },
    ]);
    assert.deepEqual((await merge(apart)).patterns.waves, []);
  });
});

describe('merged reports: a second socket on one channel across logs', () => {
  /** A log whose one connection on CHANNEL opens at `openedAt` and closes at `closedAt`, by the service or the probe. */
  function holder(name: string, openedAt: number, closedAt: number, by: 'server' | 'probe'): string {
    return log(
      name,
      new EventScript(openedAt)
        .runStart(1, 'eu-west-1')
        .at(0)
        .open()
        .heartbeats(Math.floor((closedAt - openedAt) / 30_000))
        .at(closedAt - openedAt)
        .close(by === 'server' ? { code: 1000, reason: '' } : { code: 1000, reason: 'run ended', by: 'probe' })
        .runEnd()
        .ndjson(),
    );
  }

  test('another machine opening the same channel while it was open closed it', async () => {
    const first = holder('first.ndjson', at(12), at(12, 10), 'server');
    const second = holder('second.ndjson', at(12, 10) - 50, at(12, 20), 'probe');
    for (const files of [
      [first, second],
      [second, first],
    ]) {
      const [row] = (await merge(...files)).closures;
      assert.equal(row?.source, 'first.ndjson');
      assert.equal(row?.signals.otherSocketOpened, true);
      assert.equal(row?.cause, 'second-socket', row?.evidence);
    }
  });

  test('the same channel opened again after it closed is not a second socket', async () => {
    const first = holder('before.ndjson', at(12), at(12, 10), 'server');
    const second = holder('after.ndjson', at(12, 15), at(12, 20), 'probe');
    const [row] = (await merge(first, second)).closures;
    assert.equal(row?.signals.otherSocketOpened, false);
    assert.notEqual(row?.cause, 'second-socket');
  });
});

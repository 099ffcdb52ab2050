import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { analyze, ClosureAnalyzer } from '../../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../../src/events/types.js';
import { METRIC } from '../../src/metrics/metric-names.js';
import { RunMetrics } from '../../src/metrics/run-metrics.js';
import { CHANNEL, type EventScript, OTHER_CHANNEL, script } from '../support/event-builders.js';

type Labels = Record<string, string | number>;

/** A run as the bus hands it over: the analysis takes each event first, then the metrics. */
class MeteredRun {
  readonly registry = new Registry();
  readonly analyzer = new ClosureAnalyzer();
  now = 0;
  private readonly metrics = new RunMetrics(this.registry, this.analyzer, () => this.now);

  feed(events: ProbeEvent[]): this {
    for (const event of events) {
      this.analyzer.push(event);
      this.metrics.observe(event);
      this.now = event.mono;
    }
    return this;
  }

  /** Every sample of one metric (for a histogram, `_bucket`, `_sum` and `_count` alike), as scraped now. */
  async samples(name: string): Promise<Array<{ metric: string; labels: Labels; value: number }>> {
    const all = await this.registry.getMetricsAsJSON();
    const family = all.find((metric) => metric.name === name);
    return (family?.values ?? []).map((sample) => ({
      metric: (sample as { metricName?: string }).metricName ?? name,
      labels: sample.labels as Labels,
      value: sample.value,
    }));
  }

  async value(name: string, labels: Labels): Promise<number | undefined> {
    const found = (await this.samples(name)).find((sample) =>
      Object.entries(labels).every(([key, want]) => String(sample.labels[key]) === String(want)),
    );
    return found?.value;
  }
}

const SCALE = 10;
/** 3 s real is the service's 30 s at time scale 10. */
const BEAT = 3_000;

/**
 * Two lanes at time scale 10. Lane 1 (`none`) hears three heartbeats 30 s (scenario) apart, is closed with
 * 1001, finds its channel gone, reconnects once and opens again; lane 2 (`ping:30s`) loses its connection
 * without a close frame (1006) and is still blind when the run stops.
 */
function twoLanes(): EventScript {
  return script()
    .runStart(SCALE)
    .at(0)
    .laneStart(1, 'none')
    .laneStart(2, 'ping:30s')
    .at(100)
    .connecting(1, CHANNEL, 'none', 1)
    .connecting(1, OTHER_CHANNEL, 'ping:30s', 2)
    .at(200)
    .open(1, CHANNEL, 'none')
    .open(1, OTHER_CHANNEL, 'ping:30s')
    .heartbeats(3, BEAT, 1, CHANNEL)
    .at(90_200)
    .close({ code: 1001, reason: 'idle timeout' }, 1, CHANNEL);
}

function afterTheClose(s: EventScript): EventScript {
  return s
    .at(90_300)
    .channelCheck(false, 1, CHANNEL)
    .push({ event: 'reconnect', channel: CHANNEL, conn: 1, attempt: 1, delayMs: 500, target: 'new', lane: 1 })
    .at(91_000)
    .connecting(2, 'streaming-0-newchannel000000000000000000', 'none', 1)
    .at(91_200)
    .open(2, 'streaming-0-newchannel000000000000000000', 'none');
}

describe('the run metrics, from a scripted event stream', () => {
  test('a closure counts once its lane has moved on, with the cause the evidence after it gave', async () => {
    const run = new MeteredRun().feed(twoLanes().build());
    assert.deepEqual(await run.samples(METRIC.closures), [], 'not counted while the HEAD and reconnect may still come');
    const atClose = run.analyzer.closureSoFar(CHANNEL, 1)?.cause;

    const events = afterTheClose(twoLanes()).build();
    run.feed(events.slice(twoLanes().build().length));
    const summary = analyze(events);
    const cause = summary.closures[0]?.cause;
    assert.ok(cause);
    assert.notEqual(cause, atClose, 'the channel found gone after the close changed the cause');
    assert.deepEqual(await run.samples(METRIC.closures), [
      { metric: METRIC.closures, labels: { cause, code: '1001', keepalive: 'none' }, value: 1 },
    ]);
  });

  test('a connection lost without a close frame is counted at the end of the run; the probe closing its own is not', async () => {
    const events = afterTheClose(twoLanes())
      .at(95_000)
      .close({ code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' }, 1, OTHER_CHANNEL)
      .at(100_000)
      .close({ by: 'probe', code: 1000, reason: '' }, 2, 'streaming-0-newchannel000000000000000000')
      .at(100_010)
      .runEnd('duration', 2)
      .build();
    const run = new MeteredRun().feed(events);
    const counted = await run.samples(METRIC.closures);
    assert.equal(counted.length, 2);
    assert.equal(await run.value(METRIC.closures, { code: 1006, keepalive: 'ping:30s' }), 1);
    assert.equal(
      counted.reduce((sum, sample) => sum + sample.value, 0),
      analyze(events).closures.length,
    );
    assert.equal(await run.value(METRIC.openConnections, { lane: 1, keepalive: 'none' }), 0);
    assert.equal(await run.value(METRIC.openConnections, { lane: 2, keepalive: 'ping:30s' }), 0);
  });

  test('heartbeats and their gaps in scenario seconds, by keepalive', async () => {
    const run = new MeteredRun().feed(twoLanes().build());
    assert.equal(await run.value(METRIC.heartbeats, { keepalive: 'none' }), 3);
    const buckets = (await run.samples(METRIC.heartbeatGap)).filter((s) => s.metric.endsWith('_bucket'));
    const at = (le: number | string) => buckets.find((s) => String(s.labels.le) === String(le))?.value;
    // Two gaps of 3 s real at 10x: 30 s, in the 30 s bucket and not the 29 s one.
    assert.equal(at(29), 0);
    assert.equal(at(30), 2);
    assert.equal(at('+Inf'), 2);
    assert.equal(at(25), 0);
    const sum = (await run.samples(METRIC.heartbeatGap)).find((s) => s.metric.endsWith('_sum'))?.value;
    assert.equal(sum, 60);
  });

  test('open connections, reconnects and blind seconds per lane, blind time read up to the scrape', async () => {
    const run = new MeteredRun().feed(afterTheClose(twoLanes()).build());
    assert.equal(await run.value(METRIC.openConnections, { lane: 1, keepalive: 'none' }), 1);
    assert.equal(await run.value(METRIC.openConnections, { lane: 2, keepalive: 'ping:30s' }), 1);
    assert.equal(await run.value(METRIC.reconnects, { lane: 1, keepalive: 'none' }), 1);
    // Lane 1: 200 ms before its first open, 1 s from the close to the reopen; real ms times 10, in seconds.
    assert.equal(await run.value(METRIC.blindSeconds, { lane: 1, keepalive: 'none' }), 12);
    assert.equal(await run.value(METRIC.blindSeconds, { lane: 2, keepalive: 'ping:30s' }), 2);

    run.feed(
      script().at(95_000).close({ code: 1006, reason: '', clean: false, by: 'network' }, 1, OTHER_CHANNEL).build(),
    );
    // No event for 5 s after lane 2 went blind: a scrape still counts that time.
    run.now = 100_000;
    assert.equal(await run.value(METRIC.blindSeconds, { lane: 2, keepalive: 'ping:30s' }), 2 + 50);
    run.now = 101_000;
    assert.equal(await run.value(METRIC.blindSeconds, { lane: 2, keepalive: 'ping:30s' }), 2 + 60);
    assert.equal(await run.value(METRIC.openConnections, { lane: 2, keepalive: 'ping:30s' }), 0);
    assert.equal(await run.value(METRIC.timeScale, {}), SCALE);
  });

  test('no channel id reaches the metrics: it is the channel credential', async () => {
    const run = new MeteredRun().feed(afterTheClose(twoLanes()).runEnd('closures', 1).build());
    const text = await run.registry.metrics();
    assert.match(text, /idleprobe_closures_total\{/);
    for (const channel of [CHANNEL, OTHER_CHANNEL, 'newchannel']) assert.equal(text.includes(channel), false, channel);
    assert.equal(/streaming-|channel="/.test(text), false);
  });
});

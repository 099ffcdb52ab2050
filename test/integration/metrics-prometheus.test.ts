import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freeLoopbackPort } from '../support/box-process.js';
import { pollUntil, prometheusSkipReason, type RunningPrometheus, startPrometheus } from '../support/prometheus.js';
import { runCli } from '../support/spawn-cli.js';
import { tempDirs } from '../support/temp-dir.js';

const tempDir = tempDirs('metrics');
const skip = prometheusSkipReason();

/**
 * A real Prometheus (Debian's package) scrapes `run --sim --metrics` on loopback every second; the run
 * lingers until one scrape after its end has taken the final figures, and PromQL then answers with the
 * closures the run's own summary lists, labelled by cause, code and keepalive.
 */
describe('a real Prometheus scrapes a run', { skip }, () => {
  let prometheus: RunningPrometheus;
  let metricsPort: number;

  before(async () => {
    metricsPort = await freeLoopbackPort();
    prometheus = await startPrometheus(`127.0.0.1:${metricsPort}`);
  });
  after(() => prometheus?.stop());

  test('idleprobe_closures_total holds the run summary closures, by cause, code and keepalive', async () => {
    const cwd = tempDir();
    const result = await runCli(
      [
        'run',
        '--sim',
        '--time-scale',
        '600',
        '--closures',
        '2',
        '--format',
        'json',
        '--log',
        'run.ndjson',
        '--metrics',
        `127.0.0.1:${metricsPort}`,
        '--metrics-linger',
        '45s',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`Metrics: http://127\\.0\\.0\\.1:${metricsPort}/metrics`));
    const summary = JSON.parse(result.stdout) as {
      closures: Array<{ cause: string; code: number; keepalive: string }>;
    };
    assert.equal(summary.closures.length, 2);
    const expected = new Map<string, number>();
    for (const row of summary.closures) {
      const key = `${row.cause} ${row.code} ${row.keepalive}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }

    // The run waited for a scrape after its end, so the last sample Prometheus holds has every closure.
    const samples = await pollUntil('Prometheus to answer with both closures', async () => {
      const found = await prometheus.query('idleprobe_closures_total');
      const total = found.reduce((sum, sample) => sum + sample.value, 0);
      return total === 2 ? found : null;
    });
    const scraped = new Map(
      samples.map((sample) => [
        `${sample.labels.cause} ${sample.labels.code} ${sample.labels.keepalive}`,
        sample.value,
      ]),
    );
    assert.deepEqual(scraped, expected);
    for (const sample of samples) {
      assert.equal(sample.labels.job, 'idleprobe');
      assert.deepEqual(Object.keys(sample.labels).sort(), [
        '__name__',
        'cause',
        'code',
        'instance',
        'job',
        'keepalive',
      ]);
    }

    const blind = await prometheus.query('idleprobe_blind_seconds_total');
    assert.deepEqual(
      blind.map((sample) => [sample.labels.lane, sample.labels.keepalive]),
      [['1', 'none']],
      'one lane, blind only between its connections',
    );
    const heartbeats = await prometheus.query('sum(idleprobe_heartbeats_total)');
    assert.ok((heartbeats[0]?.value ?? 0) > 0, 'heartbeats were scraped too');
    const gap = await prometheus.query('histogram_quantile(0.5, sum by (le) (idleprobe_heartbeat_gap_seconds_bucket))');
    const median = gap[0]?.value ?? Number.NaN;
    assert.ok(median > 25 && median < 35, `median heartbeat gap ${median} s is about the service's 30 s`);
  });
});

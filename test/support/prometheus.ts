import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '../../src/clock/system-clock.js';
import { type BoxKind, boxDir, boxSkipReason, freeLoopbackPort, startBoxProcess } from './box-process.js';

const PROMETHEUS: BoxKind = {
  name: 'prometheus',
  binaries: ['/usr/bin/prometheus', '/usr/local/bin/prometheus'],
  debianPackage: 'prometheus',
};

/** Prometheus reads its write-ahead log and opens its storage before it answers: seconds on a busy machine. */
const READY_WITHIN_MS = 60_000;

export interface RunningPrometheus {
  /** `http://127.0.0.1:PORT` of its web UI and HTTP API. */
  readonly url: string;
  /** An instant PromQL query through the HTTP API: the vector's samples, labels and value. */
  query(promql: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
  stop(): Promise<void>;
}

export function prometheusSkipReason(): string | false {
  return boxSkipReason(PROMETHEUS);
}

/**
 * A real Prometheus from Debian's package, on a free loopback port, with its config and storage in a temp
 * folder, scraping `target` (HOST:PORT) at /metrics every second. Resolves once /-/ready says so.
 */
export async function startPrometheus(target: string): Promise<RunningPrometheus> {
  const dir = await boxDir('prometheus');
  const port = await freeLoopbackPort();
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: idleprobe',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const box = await startBoxProcess({
    kind: PROMETHEUS,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    port,
    dir,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url);
  } catch (error) {
    await box.stop();
    throw error;
  }
  return {
    url,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      if (body.status !== 'success') throw new Error(`Prometheus refused ${promql}: ${body.error}`);
      return (body.data?.result ?? []).map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
    },
    stop: () => box.stop(),
  };
}

async function waitReady(url: string): Promise<void> {
  const started = systemClock.monoNow();
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    if (systemClock.monoNow() - started > READY_WITHIN_MS)
      throw new Error(`Prometheus at ${url} was not ready within ${READY_WITHIN_MS} ms`);
    await new Promise((resolve) => systemClock.setTimer(100, () => resolve(undefined)));
  }
}

/**
 * Polls `check` until it returns a value, every 250 ms, or fails naming `what` after `ms`: Prometheus
 * answers a query only after a scrape has landed, so the test stops at the first answer it wants.
 */
export async function pollUntil<T>(what: string, check: () => Promise<T | null>, ms = READY_WITHIN_MS): Promise<T> {
  const started = systemClock.monoNow();
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    if (systemClock.monoNow() - started > ms)
      throw new Error(`${what}: not within ${ms} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((resolve) => systemClock.setTimer(250, () => resolve(undefined)));
  }
}

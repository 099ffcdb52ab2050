import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../src/events/types.js';
import { openEventLog } from '../src/log/event-log.js';
import { SecretScrubber } from '../src/log/secret-scrubber.js';

/**
 * What one event costs on the live path: the event log (pino, synchronous writes, every line through the
 * secret scrubber) and the streaming analysis, each against a baseline measured in the same run (a bare
 * JSON.stringify + writeSync of the same events to the same disk, and a bare loop over them). Printed as
 * ratios: a probe handles a few events a second, so the question is only whether either is ever the
 * bottleneck, not an absolute speed.
 */
const EVENTS = 100_000;

function heartbeats(count: number): ProbeEvent[] {
  const out: ProbeEvent[] = [
    {
      event: 'open',
      channel: 'streaming-0-bench',
      conn: 1,
      keepalive: 'none',
      time: '2026-01-01T00:00:00.000Z',
      mono: 0,
    },
  ];
  for (let i = 1; i < count; i += 1) {
    out.push({
      event: 'heartbeat',
      channel: 'streaming-0-bench',
      conn: 1,
      time: new Date(Date.UTC(2026, 0, 1) + i * 30_000).toISOString(),
      mono: i * 30_000,
    });
  }
  return out;
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

export async function benchLogThroughput(): Promise<string> {
  const events = heartbeats(EVENTS);
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-bench-'));
  try {
    const baselineWrite = timed(() => {
      const fd = openSync(join(dir, 'baseline.ndjson'), 'a');
      for (const event of events) writeSync(fd, `${JSON.stringify(event)}\n`);
      closeSync(fd);
    });
    const scrubber = new SecretScrubber();
    scrubber.add('bench-token-0123456789');
    scrubber.add('bench-secret-abcdefghij');
    const logWrite = timed(() => {
      const owner = { pid: process.pid, isRunning: () => true };
      const log = openEventLog(join(dir, 'log.ndjson'), scrubber, { owner, wallNow: Date.now() });
      for (const event of events) log.write(event);
      log.close();
    });
    let sink = 0;
    const baselineLoop = timed(() => {
      for (const event of events) sink += event.mono;
    });
    const analyzer = new ClosureAnalyzer();
    const analysis = timed(() => {
      for (const event of events) analyzer.push(event);
    });
    const perEvent = (ms: number): string => `${((ms * 1000) / EVENTS).toFixed(2)} µs/event`;
    return [
      `log and analysis throughput over ${EVENTS.toLocaleString('en')} events`,
      `  event log: ${perEvent(logWrite)}; bare JSON.stringify + writeSync: ${perEvent(baselineWrite)}; ratio ${(logWrite / baselineWrite).toFixed(2)}x`,
      `  analysis: ${perEvent(analysis)}; bare loop: ${perEvent(baselineLoop)} (sum ${sink > 0 ? 'kept' : 'none'}); ratio ${(analysis / Math.max(baselineLoop, 0.001)).toFixed(1)}x`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClosureAnalyzer } from '../src/analysis/closure-analyzer.js';
import type { ProbeEvent } from '../src/events/types.js';
import { openEventLog } from '../src/log/event-log.js';
import { SecretScrubber } from '../src/log/secret-scrubber.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * What one event costs on the live path: the event log (pino, synchronous writes, every line through the
 * secret scrubber) and the streaming analysis, each against a baseline measured in the same run (a bare
 * JSON.stringify + writeSync of the same events to the same disk, and a bare loop over them). Printed as
 * ratios: a probe handles a few events a second, so the question is only whether either is ever the
 * bottleneck, not an absolute speed.
 *
 * The events are 1 ms apart on the run's monotonic clock, as in the busiest run the probe is built for
 * (1,000 channels, a heartbeat a second each): the log checks its path every PLACE_CHECK_MS of the run, so
 * events 30 s apart would charge that check to every line. The scrubber knows a client's credentials and
 * two tokens (a day at the default 24 h token lifetime); its cost with 300 renewed tokens (a day of 5-minute
 * tokens, the shortest a client may set), where it compiles its forms into one pattern, is printed beside.
 * Rounds alternate the two writers and the median of each counts.
 */
const EVENTS = 100_000;
const EVENT_SPACING_MS = 1;
const ROUNDS = 5;
const BAR = 1.5;

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
      time: new Date(Date.UTC(2026, 0, 1) + i * EVENT_SPACING_MS).toISOString(),
      mono: i * EVENT_SPACING_MS,
    });
  }
  return out;
}

/** A token as the service issues them: random, URL-safe. */
function token(seed: number): string {
  return createHash('sha256').update(`bench-token-${seed}`).digest('base64url');
}

/** What scrubbing one line costs with `tokens` renewed tokens known, in µs. */
function scrubCost(lines: string[], tokens: number): number {
  const scrubber = new SecretScrubber();
  for (let renewal = 0; renewal < tokens; renewal += 1) scrubber.add(token(renewal));
  let kept = 0;
  const ms = median(
    Array.from({ length: ROUNDS }, () =>
      timed(() => {
        for (const line of lines) kept += scrubber.scrub(line).length;
      }),
    ),
  );
  return kept > 0 ? (ms * 1000) / lines.length : Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

export async function benchLogThroughput(): Promise<BenchResult> {
  const events = heartbeats(EVENTS);
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-bench-'));
  try {
    const scrubber = new SecretScrubber();
    scrubber.addClientCredentials('bench-client-id', 'bench-secret-abcdefghij');
    for (let renewal = 0; renewal < 2; renewal += 1) scrubber.add(token(renewal));
    const owner = { pid: process.pid, isRunning: () => true };
    const bare: number[] = [];
    const logged: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bare.push(
        timed(() => {
          const fd = openSync(join(dir, `baseline-${round}.ndjson`), 'a');
          for (const event of events) writeSync(fd, `${JSON.stringify(event)}\n`);
          closeSync(fd);
        }),
      );
      logged.push(
        timed(() => {
          const log = openEventLog(join(dir, `log-${round}.ndjson`), scrubber, { owner, wallNow: Date.now() });
          for (const event of events) log.write(event);
          log.close();
        }),
      );
    }
    const baselineWrite = median(bare);
    const logWrite = median(logged);
    let sink = 0;
    const baselineLoop = timed(() => {
      for (const event of events) sink += event.mono;
    });
    const analyzer = new ClosureAnalyzer();
    const analysis = timed(() => {
      for (const event of events) analyzer.push(event);
    });
    const lines = events.map((event) => `${JSON.stringify(event)}\n`);
    const scrubFew = scrubCost(lines, 2);
    const scrubMany = scrubCost(lines, 300);
    const perEvent = (ms: number): string => `${((ms * 1000) / EVENTS).toFixed(2)} µs/event`;
    const ratio = logWrite / baselineWrite;
    const text = [
      `log and analysis throughput over ${EVENTS.toLocaleString('en')} events`,
      `  event log (scrubber on): ${perEvent(logWrite)}; bare JSON.stringify + writeSync: ${perEvent(baselineWrite)}; ` +
        `ratio ${(logWrite / baselineWrite).toFixed(2)}x  bar ${BAR}x: ${logWrite / baselineWrite <= BAR ? 'met' : 'NOT MET'} (medians of ${ROUNDS})`,
      `  the scrubber alone: ${scrubFew.toFixed(2)} µs/line knowing 2 tokens, ${scrubMany.toFixed(2)} µs/line knowing 300`,
      `  analysis: ${perEvent(analysis)}; bare loop: ${perEvent(baselineLoop)} (sum ${sink > 0 ? 'kept' : 'none'}); ratio ${(analysis / Math.max(baselineLoop, 0.001)).toFixed(1)}x`,
    ].join('\n');
    return { text, verdicts: [verdict(`event log / bare write <= ${BAR}x`, `${ratio.toFixed(2)}x`, ratio <= BAR)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

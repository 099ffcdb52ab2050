import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
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
 * The events are 1 ms apart on the run's monotonic clock, spread over 1,000 channels taking turns, as in the
 * busiest run the probe is built for (1,000 channels, a heartbeat a second each): the log writes each
 * connection's lines through a logger of its own, so one channel alone would flatter it; and the log checks its path every PLACE_CHECK_MS of the run, so
 * events 30 s apart would charge that check to every line. The scrubber knows a client's credentials and
 * two tokens (a day at the default 24 h token lifetime); its cost with 300 renewed tokens (a day of 5-minute
 * tokens, the shortest a client may set), where it compiles its forms into one pattern, is printed beside.
 *
 * Fair both ways: the same events, to files side by side on the same disk, each opened for appending and
 * ended as the log ends (`fsync`, then close: the log's close hands its data to the disk, so the bare write
 * does too, and neither leaves dirty pages for the kernel to write back during the other's round). An
 * untimed warm-up round of each first, so the first timed log round does not carry pino's compilation. The
 * rounds alternate which writer goes first; each round's ratio is taken from its own pair, measured back to
 * back under the same load, and the median of those ratios is the figure against the bar.
 */
const EVENTS = 80_000;
const EVENT_SPACING_MS = 1;
/** The channels the events take turns on: the busiest run's. */
const CHANNELS = 1_000;
const ROUNDS = 7;
/** Events of the untimed warm-up round of each writer. */
const WARM_UP_EVENTS = 10_000;
const BAR = 1.5;

/** A channel id shaped like the service's: `streaming-` and a random tail. */
function channelId(n: number): string {
  return `streaming-0-${createHash('sha256').update(`bench-channel-${n}`).digest('hex').slice(0, 26)}`;
}

/** Each channel opens, then the channels' heartbeats take turns, as 1,000 connections' heartbeats interleave. */
function heartbeats(count: number): ProbeEvent[] {
  const channels = Array.from({ length: CHANNELS }, (_, n) => channelId(n));
  const out: ProbeEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const channel = channels[i % CHANNELS] as string;
    const stamp = {
      time: new Date(Date.UTC(2026, 0, 1) + i * EVENT_SPACING_MS).toISOString(),
      mono: i * EVENT_SPACING_MS,
    };
    out.push(
      i < CHANNELS
        ? { event: 'open', channel, conn: 1, keepalive: 'none', ...stamp }
        : { event: 'heartbeat', channel, conn: 1, ...stamp },
    );
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

/** Times one writer's round, then removes its file: the rounds after it start on the same disk. */
function timedWrite(path: string, write: (path: string) => void): number {
  const ms = timed(() => write(path));
  rmSync(path, { force: true });
  return ms;
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
    const writeBare = (path: string, batch: readonly ProbeEvent[]): void => {
      const fd = openSync(path, 'a');
      for (const event of batch) writeSync(fd, `${JSON.stringify(event)}\n`);
      fsyncSync(fd);
      closeSync(fd);
    };
    const writeLog = (path: string, batch: readonly ProbeEvent[]): void => {
      const log = openEventLog(path, scrubber, { owner, wallNow: Date.now() });
      for (const event of batch) log.write(event);
      log.close();
    };
    const warmUp = events.slice(0, WARM_UP_EVENTS);
    writeBare(join(dir, 'warm-up-bare.ndjson'), warmUp);
    writeLog(join(dir, 'warm-up-log.ndjson'), warmUp);
    const bare: number[] = [];
    const logged: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const timeBare = (): number => timedWrite(join(dir, `bare-${round}.ndjson`), (path) => writeBare(path, events));
      const timeLog = (): number => timedWrite(join(dir, `log-${round}.ndjson`), (path) => writeLog(path, events));
      // Each goes first in every other round: neither always inherits the other's garbage or dirty cache.
      let bareMs: number;
      let logMs: number;
      if (round % 2 === 0) {
        bareMs = timeBare();
        logMs = timeLog();
      } else {
        logMs = timeLog();
        bareMs = timeBare();
      }
      bare.push(bareMs);
      logged.push(logMs);
      ratios.push(logMs / bareMs);
    }
    const baselineWrite = median(bare);
    const logWrite = median(logged);
    const ratio = median(ratios);
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
    const text = [
      `log and analysis throughput over ${EVENTS.toLocaleString('en')} events`,
      `  event log (scrubber on): ${perEvent(logWrite)}; bare JSON.stringify + writeSync: ${perEvent(baselineWrite)}; ` +
        `ratio ${ratio.toFixed(2)}x  bar ${BAR}x: ${ratio <= BAR ? 'met' : 'NOT MET'} (medians of ${ROUNDS} rounds; ` +
        `the ratio is the median of each round's own, ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x)`,
      `  the scrubber alone: ${scrubFew.toFixed(2)} µs/line knowing 2 tokens, ${scrubMany.toFixed(2)} µs/line knowing 300`,
      `  analysis: ${perEvent(analysis)}; bare loop: ${perEvent(baselineLoop)} (sum ${sink > 0 ? 'kept' : 'none'}); ratio ${(analysis / Math.max(baselineLoop, 0.001)).toFixed(1)}x`,
    ].join('\n');
    return { text, verdicts: [verdict(`event log / bare write <= ${BAR}x`, `${ratio.toFixed(2)}x`, ratio <= BAR)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
 * The events are 1 ms apart on the run's monotonic clock, spread over 1,000 channels taking turns, as in
 * the busiest run the probe is built for (1,000 channels, a heartbeat a second each). One channel alone
 * would flatter the log, which writes each connection's lines through a logger of its own; and events 30 s
 * apart would charge it a check of its path (every PLACE_CHECK_MS of the run) on every line. The scrubber
 * knows a client's credentials and two tokens (a day at the default 24 h token lifetime); its cost with 300
 * renewed tokens (a day of 5-minute tokens, the shortest a client may set), where it compiles its forms
 * into one pattern, is printed beside.
 *
 * Fair both ways: the same events, to two files side by side on the same disk, both opened for appending
 * once and kept open, as a run keeps its log; the bare file is closed as the log closes (`fsync`, then
 * close), and opening and closing are timed apart from the lines. An untimed round of each first, so the
 * first timed log round carries neither pino's compilation nor the making of each connection's logger
 * (once a connection, which lives for hours). The rounds alternate which writer goes first; each round's
 * ratio is taken from its own pair, measured back to back under the same load, and the median of those
 * ratios is the figure against the bar. The CPU time of each round is printed beside: on a machine others
 * share, it leaves out the time they took.
 */
const EVENTS = 80_000;
const EVENT_SPACING_MS = 1;
/** The channels the events take turns on: the busiest run's. */
const CHANNELS = 1_000;
/**
 * Many short rounds rather than a few long ones: on a machine others share, a round that lost the CPU for a
 * while is an outlier the median leaves out, where in a long round it would be averaged in.
 */
const ROUNDS = 21;
const ROUND_EVENTS = 20_000;
/** Rounds of the scrubber alone over every event's line: a side figure, its median of a few is enough. */
const SCRUB_ROUNDS = 5;
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
    Array.from({ length: SCRUB_ROUNDS }, () =>
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

/** A round of one writer: the time it took, and the CPU time this process used in it (user and system). */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

function measure<T>(fn: () => T): { value: T; timing: Timing } {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = fn();
  const wallMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpuBefore);
  return { value, timing: { wallMs, cpuMs: (cpuUsed.user + cpuUsed.system) / 1000 } };
}

/** Medians of each writer, and of each round's own ratio (its two runs were measured back to back). */
function compare(
  logged: readonly Timing[],
  bare: readonly Timing[],
  key: keyof Timing,
): { log: number; bare: number; ratio: number; lowest: number; highest: number } {
  const ratios = logged.map((round, at) => round[key] / (bare[at] as Timing)[key]);
  return {
    log: median(logged.map((round) => round[key])),
    bare: median(bare.map((round) => round[key])),
    ratio: median(ratios),
    lowest: Math.min(...ratios),
    highest: Math.max(...ratios),
  };
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
    // Both files stay open through every round, as a run's log does: the rounds measure what a line costs,
    // and what opening and closing cost (the log's lock, its last check and fsync) is measured apart, once.
    const barePath = join(dir, 'bare.ndjson');
    const logPath = join(dir, 'log.ndjson');
    const bareOpen = measure(() => openSync(barePath, 'a'));
    const logOpen = measure(() => openEventLog(logPath, scrubber, { owner, wallNow: Date.now() }));
    const fd = bareOpen.value;
    const log = logOpen.value;
    const batch = events.slice(0, ROUND_EVENTS);
    const writeBare = (): void => {
      for (const event of batch) writeSync(fd, `${JSON.stringify(event)}\n`);
    };
    const writeLog = (): void => {
      for (const event of batch) log.write(event);
    };
    // Untimed: pino's code compiled, and each connection's logger made, as in the first minute of a run.
    writeBare();
    writeLog();
    const bare: Timing[] = [];
    const logged: Timing[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Each goes first in every other round: neither always inherits the other's garbage or dirty pages.
      if (round % 2 === 0) {
        bare.push(measure(writeBare).timing);
        logged.push(measure(writeLog).timing);
      } else {
        logged.push(measure(writeLog).timing);
        bare.push(measure(writeBare).timing);
      }
    }
    const bareClose = measure(() => {
      fsyncSync(fd);
      closeSync(fd);
    });
    const logClose = measure(() => log.close());
    if (log.failure !== null) throw log.failure;
    const wall = compare(logged, bare, 'wallMs');
    const cpu = compare(logged, bare, 'cpuMs');
    const ratio = wall.ratio;
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
    const perEvent = (ms: number, count = EVENTS): string => `${((ms * 1000) / count).toFixed(2)} µs/event`;
    const text = [
      `log and analysis throughput: ${ROUNDS} rounds of ${ROUND_EVENTS.toLocaleString('en')} events each way, analysis over ${EVENTS.toLocaleString('en')}`,
      `  event log (scrubber on): ${perEvent(wall.log, ROUND_EVENTS)}; bare JSON.stringify + writeSync: ${perEvent(wall.bare, ROUND_EVENTS)}; ` +
        `ratio ${ratio.toFixed(2)}x  bar ${BAR}x: ${ratio <= BAR ? 'met' : 'NOT MET'} (wall time; medians, the ratio the median ` +
        `of each round's own, ${wall.lowest.toFixed(2)}x to ${wall.highest.toFixed(2)}x)`,
      `  on the CPU alone (time this process ran, not the time others took from it): ${perEvent(cpu.log, ROUND_EVENTS)} against ` +
        `${perEvent(cpu.bare, ROUND_EVENTS)}, ratio ${cpu.ratio.toFixed(2)}x (${cpu.lowest.toFixed(2)}x to ${cpu.highest.toFixed(2)}x)`,
      `  once a run: opening ${logOpen.timing.wallMs.toFixed(1)} ms (its lock) against ${bareOpen.timing.wallMs.toFixed(1)} ms, ` +
        `closing ${logClose.timing.wallMs.toFixed(1)} ms against ${bareClose.timing.wallMs.toFixed(1)} ms (both fsync ${(((ROUNDS + 1) * ROUND_EVENTS) / 1000).toFixed(0)}k lines)`,
      `  the scrubber alone: ${scrubFew.toFixed(2)} µs/line knowing 2 tokens, ${scrubMany.toFixed(2)} µs/line knowing 300`,
      `  analysis: ${perEvent(analysis)}; bare loop: ${perEvent(baselineLoop)} (sum ${sink > 0 ? 'kept' : 'none'}); ratio ${(analysis / Math.max(baselineLoop, 0.001)).toFixed(1)}x`,
    ].join('\n');
    return { text, verdicts: [verdict(`event log / bare write <= ${BAR}x`, `${ratio.toFixed(2)}x`, ratio <= BAR)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

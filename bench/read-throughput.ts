import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ProbeEvent } from '../src/events/types.js';
import { readEventLog } from '../src/log/read-log.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * What reading a saved log costs per line: `readEventLog` (split, parse, check every line) against a
 * baseline measured in the same run, the bare split and JSON.parse of the same text. Printed as a ratio:
 * `report` on a million-event log spends its time here, so the checking must stay a small share of it.
 */
const LINES = 200_000;
const CHANNEL = 'streaming-0-fmtdmf8cdis7jh14udg5p89t6z';
const START_WALL = Date.UTC(2026, 0, 1);

/** A quiet connection kept alive by app pings: heartbeats, pings and pongs, as most of a soak log is. */
function soakText(count: number): string {
  const lines: string[] = [];
  const line = (mono: number, body: Record<string, unknown>) =>
    lines.push(JSON.stringify({ level: 'info', time: new Date(START_WALL + mono).toISOString(), mono, ...body }));
  line(0, { event: 'run-start', version: 'bench', options: {}, timeScale: 1, target: 'bench' });
  line(0, { event: 'open', channel: CHANNEL, conn: 1, keepalive: 'ping:30s' });
  for (let i = 1; lines.length < count; i += 1) {
    const mono = i * 30_000;
    line(mono, { event: 'heartbeat', channel: CHANNEL, conn: 1 });
    line(mono + 1, { event: 'ping', channel: CHANNEL, conn: 1, kind: 'app', payload: '{"message":"ping"}' });
    line(mono + 42.5, { event: 'pong', channel: CHANNEL, conn: 1, kind: 'app', rttMs: 41.5 });
  }
  return `${lines.join('\n')}\n`;
}

/** The text in 64 KB chunks, as a file stream hands it over. */
function chunks(text: string): Readable {
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += 65_536) parts.push(text.slice(at, at + 65_536));
  return Readable.from(parts);
}

const ROUNDS = 7;

/** Runs each side ROUNDS times, alternating so that load on the machine falls on both, and keeps each median. */
async function medians(sides: Array<() => Promise<number>>): Promise<number[]> {
  const times: number[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, side] of sides.entries()) {
      const started = performance.now();
      await side();
      times[i]?.push(performance.now() - started);
    }
  }
  return times.map((runs) => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0);
}

export async function benchReadThroughput(): Promise<BenchResult> {
  const text = soakText(LINES);
  const bare = async (): Promise<number> => {
    let count = 0;
    for await (const line of createInterface({ input: chunks(text), crlfDelay: Infinity })) {
      if ((JSON.parse(line) as ProbeEvent).mono >= 0) count += 1;
    }
    return count;
  };
  const reader = async (): Promise<number> => {
    let count = 0;
    for await (const event of readEventLog(chunks(text), 'bench.ndjson')) if (event.mono >= 0) count += 1;
    return count;
  };
  // One untimed pass each first, so neither side pays for warming up the JIT.
  await bare();
  await reader();
  const [baseline = 0, read = 0] = await medians([bare, reader]);
  const perLine = (ms: number): string => `${((ms * 1000) / LINES).toFixed(2)} µs/line`;
  const shown = [
    `log reader throughput over ${LINES.toLocaleString('en')} lines (median of ${ROUNDS} alternating rounds)`,
    `  readEventLog: ${perLine(read)}; bare readline + JSON.parse: ${perLine(baseline)}; ratio ${(read / baseline).toFixed(2)}x`,
  ].join('\n');
  return {
    text: shown,
    verdicts: [verdict('none (readEventLog / bare parse)', `${(read / baseline).toFixed(2)}x`, null)],
  };
}

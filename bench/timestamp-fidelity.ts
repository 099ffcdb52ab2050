import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { EventOf } from '../src/events/types.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * How true the probe's timestamps are: 20 channels against the simulator on loopback (each in a process of
 * its own, as a probe and a service are), every heartbeat interval as the probe recorded it (`mono` of
 * consecutive `heartbeat` events of a connection) less the same interval as the simulator sent it (its
 * journal's monotonic `at`). Intervals, so the two processes' clocks need no common origin. p50, p99 and
 * max of the difference; bar p99 <= 2 ms. Every interval past the bar is shown beside the probe's own
 * `health` event for that minute (event-loop delay, client-health.ts): the probe saying it was late.
 *
 * Beside it, the same measure for a bare `ws` client that only notes when each frame arrives
 * (performance.now() in its 'message' callback): what the machine allows any client at that moment.
 */
const CHANNELS = 20;
const TIME_SCALE = 30;
const WINDOW_MS = 20_000;
const BAR_MS = 2;
/** The outliers listed, worst first. */
const SHOWN = 5;
const child = (name: string): string => fileURLToPath(new URL(`./children/${name}.js`, import.meta.url));

type Health = EventOf<'health'>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

function intervals(times: number[]): number[] {
  return times.slice(1).map((time, i) => time - (times[i] as number));
}

interface Measured {
  differences: Array<{ ms: number; mono: number }>;
  health: Health[];
}

/** One client against its own simulator: heartbeat times as sent, and as the client recorded them. */
async function measure(kind: 'probe' | 'bare'): Promise<Measured> {
  const sent = new Map<string, number[]>();
  const recorded = new Map<string, number[]>();
  const health: Health[] = [];
  const note = (times: Map<string, number[]>, channel: string, at: number) => {
    const list = times.get(channel);
    if (list) list.push(at);
    else times.set(channel, [at]);
  };
  const sim = fork(child('hold-sim'), [String(CHANNELS), 'journal'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const processes: ChildProcess[] = [sim];
  try {
    const [target] = (await once(sim, 'message')) as [{ apiBase: string; loginBase: string; token: string }];
    sim.on('message', (message: { sent?: string; at?: number }) => {
      if (message.sent !== undefined && message.at !== undefined) note(sent, message.sent, message.at);
    });
    const client = fork(
      child(`hold-${kind}`),
      [JSON.stringify({ ...target, channels: CHANNELS, timeScale: TIME_SCALE, forward: true })],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    processes.push(client);
    client.on('message', (message: { event?: EventOf<'heartbeat'> | Health; arrived?: string; at?: number }) => {
      const event = message.event;
      if (event?.event === 'health') health.push(event);
      else if (event?.event === 'heartbeat') note(recorded, event.channel, event.mono);
      else if (message.arrived !== undefined && message.at !== undefined) note(recorded, message.arrived, message.at);
    });
    await once(client, 'message');
    client.send('go');
    await pause(WINDOW_MS);
    client.send('stop');
    await once(client, 'exit');
  } finally {
    for (const process of processes) if (process.exitCode === null) process.kill();
  }
  // The same heartbeats in the same order on both sides: the simulator's last ones may not have arrived.
  const differences: Array<{ ms: number; mono: number }> = [];
  for (const [channel, clientTimes] of recorded) {
    const simTimes = sent.get(channel) ?? [];
    const count = Math.min(clientTimes.length, simTimes.length);
    const got = intervals(clientTimes.slice(0, count));
    const gave = intervals(simTimes.slice(0, count));
    got.forEach((ms, i) => {
      differences.push({ ms: ms - (gave[i] as number), mono: clientTimes[i + 1] as number });
    });
  }
  return { differences, health };
}

function spread(differences: Array<{ ms: number }>): { p50: number; p99: number; max: number; text: string } {
  const sorted = differences.map((d) => Math.abs(d.ms)).sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1) ?? Number.NaN];
  return { p50, p99, max, text: `p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${max.toFixed(3)} ms` };
}

export async function benchTimestampFidelity(): Promise<BenchResult> {
  const probe = await measure('probe');
  const bare = await measure('bare');
  const ofProbe = spread(probe.differences);
  const lines = [
    `timestamp fidelity: ${CHANNELS} channels, heartbeat intervals (${TIME_SCALE}x, one a second a channel) as recorded ` +
      'less as sent by the simulator, absolute',
    `  probe (${probe.differences.length} intervals): ${ofProbe.text}  bar p99 <= ${BAR_MS} ms: ${ofProbe.p99 <= BAR_MS ? 'met' : 'NOT MET'}`,
    `  bare ws client noting arrivals (${bare.differences.length} intervals): ${spread(bare.differences).text}`,
  ];
  const outliers = probe.differences
    .filter((d) => Math.abs(d.ms) > BAR_MS)
    .sort((a, b) => Math.abs(b.ms) - Math.abs(a.ms));
  for (const outlier of outliers.slice(0, SHOWN)) {
    // The health event whose window holds the outlier: the first one logged after it.
    const window = probe.health.find((event) => event.mono >= outlier.mono);
    const said = window
      ? `health at ${(window.mono / 1000).toFixed(1)} s: event-loop delay p99 ${window.loopDelayP99Ms} ms, max ${window.loopDelayMaxMs} ms`
      : 'no health event after it';
    lines.push(`  outlier ${outlier.ms.toFixed(3)} ms at ${(outlier.mono / 1000).toFixed(1)} s; ${said}`);
  }
  if (outliers.length > SHOWN) lines.push(`  (${outliers.length - SHOWN} more past ${BAR_MS} ms)`);
  const ofBare = spread(bare.differences);
  return {
    text: lines.join('\n'),
    verdicts: [
      verdict(
        `p99 <= ${BAR_MS} ms`,
        `p99 ${ofProbe.p99.toFixed(1)} ms (bare ws ${ofBare.p99.toFixed(1)} ms)`,
        ofProbe.p99 <= BAR_MS,
      ),
    ],
  };
}

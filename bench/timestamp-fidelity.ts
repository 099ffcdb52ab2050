import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { EventOf } from '../src/events/types.js';
import type { GcPause } from './children/gc-pauses.js';
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
 * (performance.now() in its 'message' callback): what the machine allows any client at that moment. Both
 * are alike but for their code: each in a child process of its own, against a simulator of its own in
 * another, the same channels and heartbeats, the same V8 settings (those `run` makes), each frame sent to
 * this process the same way, and both at once, so the rest of the machine's load falls on both alike. Each child also sends its garbage-collection pauses: a late stamp that
 * overlaps one of its own process's pauses was held back by that process, not by the machine.
 */
const CHANNELS = 20;
const TIME_SCALE = 30;
const WINDOW_MS = 20_000;
const BAR_MS = 2;
const child = (name: string): string => fileURLToPath(new URL(`./children/${name}.js`, import.meta.url));

type Health = EventOf<'health'>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

function intervals(times: number[]): number[] {
  return times.slice(1).map((time, i) => time - (times[i] as number));
}

/**
 * One interval's error: `ms` is recorded less sent; `late` is the stamp that was off (the interval's end
 * when it came out long, its start when short: a late stamp shortens the interval after it).
 */
interface Difference {
  ms: number;
  late: number;
}

interface Measured {
  differences: Difference[];
  health: Health[];
  pauses: GcPause[];
}

/** One client against its own simulator: heartbeat times as sent, and as the client recorded them. */
async function measure(kind: 'probe' | 'bare'): Promise<Measured> {
  const sent = new Map<string, number[]>();
  const recorded = new Map<string, number[]>();
  const health: Health[] = [];
  const pauses: GcPause[] = [];
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
    type FromClient = { event?: EventOf<'heartbeat'> | Health; arrived?: string; at?: number; gc?: GcPause };
    client.on('message', (message: FromClient) => {
      const event = message.event;
      if (message.gc) pauses.push(message.gc);
      else if (event?.event === 'health') health.push(event);
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
  const differences: Difference[] = [];
  for (const [channel, clientTimes] of recorded) {
    const simTimes = sent.get(channel) ?? [];
    const count = Math.min(clientTimes.length, simTimes.length);
    const got = intervals(clientTimes.slice(0, count));
    const gave = intervals(simTimes.slice(0, count));
    got.forEach((ms, i) => {
      const error = ms - (gave[i] as number);
      differences.push({ ms: error, late: clientTimes[error > 0 ? i + 1 : i] as number });
    });
  }
  return { differences, health, pauses };
}

function spread(differences: Difference[]): { p50: number; p99: number; max: number; text: string } {
  const sorted = differences.map((d) => Math.abs(d.ms)).sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1) ?? Number.NaN];
  return { p50, p99, max, text: `p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${max.toFixed(3)} ms` };
}

/** The client's own pause that overlaps the time a late stamp was held back, if any. */
function pauseDuring(outlier: Difference, pauses: GcPause[]): GcPause | undefined {
  const heldFrom = outlier.late - Math.abs(outlier.ms);
  return pauses.find((pause) => pause.at <= outlier.late && pause.at + pause.ms >= heldFrom);
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const seconds = (mono: number): string => `${(mono / 1000).toFixed(1)} s`;

/**
 * Every outlier past the bar, grouped by the probe's `health` event whose window holds it (the first one
 * logged after it), each with the client's own garbage-collection pause it overlapped, if one did.
 */
function outlierLines(measured: Measured): string[] {
  const outliers = measured.differences.filter((d) => Math.abs(d.ms) > BAR_MS).sort((a, b) => a.late - b.late);
  const byWindow = new Map<Health | undefined, Difference[]>();
  for (const outlier of outliers) {
    const window = measured.health.find((event) => event.mono >= outlier.late);
    byWindow.set(window, [...(byWindow.get(window) ?? []), outlier]);
  }
  const lines: string[] = [];
  for (const [window, held] of byWindow) {
    const said = window
      ? `health at ${seconds(window.mono)} (loop delay p50 ${ms(window.loopDelayP50Ms)}, p99 ${ms(window.loopDelayP99Ms)}, max ${ms(window.loopDelayMaxMs)})`
      : 'after the last health event';
    const sizes = held.map((outlier) => Math.abs(outlier.ms));
    const when = [...new Set(held.map((outlier) => seconds(outlier.late)))].join(', ');
    const paused = new Map<GcPause, number>();
    for (const outlier of held) {
      const pause = pauseDuring(outlier, measured.pauses);
      if (pause) paused.set(pause, (paused.get(pause) ?? 0) + 1);
    }
    const own = [...paused].map(([pause, count]) => `${count} during a ${pause.kind} of ${ms(pause.ms)}`);
    lines.push(
      `    ${said}: ${held.length} past ${BAR_MS} ms (${Math.min(...sizes).toFixed(1)} to ${ms(Math.max(...sizes))}, ` +
        `stamps at ${when}); ${own.length > 0 ? own.join(', ') : 'none during a collection of its own'}`,
    );
  }
  return lines;
}

/** How many outliers past the bar, and how many of them overlapped the client's own pause. */
function outlierCount(measured: Measured): string {
  const outliers = measured.differences.filter((d) => Math.abs(d.ms) > BAR_MS);
  const paused = outliers.filter((outlier) => pauseDuring(outlier, measured.pauses)).length;
  const majors = measured.pauses.filter((pause) => pause.kind !== 'scavenge');
  const longest = Math.max(0, ...measured.pauses.map((pause) => pause.ms));
  const listed = majors.map((pause) => `${pause.kind} ${ms(pause.ms)} at ${seconds(pause.at)}`).join(', ');
  return (
    `${outliers.length} past ${BAR_MS} ms, ${paused} of them during a collection of its own ` +
    `(${measured.pauses.length} collections, longest ${ms(longest)}${listed ? `; ${listed}` : ''})`
  );
}

export async function benchTimestampFidelity(): Promise<BenchResult> {
  // Side by side over the same seconds: whatever else the machine runs then weighs on both alike.
  const [probe, bare] = await Promise.all([measure('probe'), measure('bare')]);
  const ofProbe = spread(probe.differences);
  const ofBare = spread(bare.differences);
  const lines = [
    `timestamp fidelity: ${CHANNELS} channels, heartbeat intervals (${TIME_SCALE}x, one a second a channel) as recorded ` +
      'less as sent by the simulator, absolute',
    `  probe (${probe.differences.length} intervals): ${ofProbe.text}  bar p99 <= ${BAR_MS} ms: ${ofProbe.p99 <= BAR_MS ? 'met' : 'NOT MET'}`,
    `  bare ws client noting arrivals (${bare.differences.length} intervals): ${ofBare.text}`,
    `  probe: ${outlierCount(probe)}; each, by the probe's health event of its window:`,
    ...outlierLines(probe),
    `  bare ws client: ${outlierCount(bare)}`,
  ];
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

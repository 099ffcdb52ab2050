import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TIMING_RESOLUTION_REAL_MS } from '../src/clock/scenario-time.js';
import type { HolderSample } from './children/holder-report.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * Holding many channels: the probe (a live run wired as `idleprobe run` wires it) holding 1,000 channels,
 * each sent a heartbeat a second by the simulator, beside a bare `ws` client holding 1,000 sockets to the
 * same kind of simulator and only counting frames. Each client and each simulator is a process of its own
 * (bench/children/), so a client's memory is its own: resident memory after a full collection, once every
 * socket is open, less the same before the first channel, per channel; CPU per 1,000 frames over a
 * window. Bar: the probe within 1.5x of the bare client in memory per channel.
 *
 * Then the limit: the probe with 2,000 and 3,000 channels, reading the event-loop delay (p99 over the
 * window). It falls behind when that passes TIMING_RESOLUTION_REAL_MS, the lateness every timing of the
 * probe is allowed; a frame counted short of one a channel a second says the same from the other side.
 */
const CHANNELS = 1_000;
const SWEEP = [2_000, 3_000];
const TIME_SCALE = 30;
const WARM_MS = 2_000;
const WINDOW_MS = 6_000;
/** Every socket open within this at 1,000, or the measurement is abandoned (a machine this slow says so). */
const OPEN_DEADLINE_MS = 120_000;
/** In the sweep, a probe that cannot open every socket within this has fallen behind already. */
const SWEEP_OPEN_DEADLINE_MS = 20_000;
const BAR = 1.5;
const child = (name: string): string => fileURLToPath(new URL(`./children/${name}.js`, import.meta.url));

interface Held {
  channels: number;
  /** Sockets open when the window started: all of them, unless the sweep's deadline passed first. */
  opened: number;
  perChannelBytes: number;
  cpuUsPer1000Frames: number;
  framesPerSecond: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

function nextMessage<T>(process: ChildProcess): Promise<T> {
  return once(process, 'message').then(([message]) => message as T);
}

async function sample(holder: ChildProcess): Promise<HolderSample> {
  const reply = nextMessage<HolderSample>(holder);
  holder.send('sample');
  return reply;
}

async function hold(kind: 'probe' | 'bare', channels: number, openDeadlineMs = OPEN_DEADLINE_MS): Promise<Held> {
  const sim = fork(child('hold-sim'), [String(channels)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const holders: ChildProcess[] = [sim];
  try {
    const target = await nextMessage<{ apiBase: string; loginBase: string; token: string }>(sim);
    const holder = fork(child(`hold-${kind}`), [JSON.stringify({ ...target, channels, timeScale: TIME_SCALE })], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    holders.push(holder);
    await nextMessage(holder);
    // The first sample starts the holding: it is the baseline, taken before the first channel.
    const before = await sample(holder);
    const deadline = Date.now() + openDeadlineMs;
    for (let now = await sample(holder); now.opened < channels; now = await sample(holder)) {
      if (Date.now() > deadline) {
        // At 1,000 the measurement needs every socket; in the sweep, one that cannot open them has its answer.
        if (openDeadlineMs === OPEN_DEADLINE_MS)
          throw new Error(`${kind}: ${now.opened} of ${channels} sockets open after ${openDeadlineMs} ms`);
        break;
      }
      await pause(250);
    }
    await pause(WARM_MS);
    const from = await sample(holder);
    await pause(WINDOW_MS);
    const to = await sample(holder);
    holder.send('stop');
    await once(holder, 'exit');
    const frames = to.frames - from.frames;
    return {
      channels,
      opened: from.opened,
      perChannelBytes: (to.rss - before.rss) / channels,
      cpuUsPer1000Frames: ((to.cpuUs - from.cpuUs) / Math.max(1, frames)) * 1000,
      framesPerSecond: frames / (WINDOW_MS / 1000),
      delayP99Ms: to.delayP99Ms,
      delayMaxMs: to.delayMaxMs,
    };
  } finally {
    for (const process of holders) if (process.exitCode === null) process.kill();
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchHoldChannels(): Promise<BenchResult> {
  const probe = await hold('probe', CHANNELS);
  // Each stage on the bench's own output as it ends: a run that fails later still shows what it measured.
  console.error(`hold-channels: probe ${JSON.stringify(probe)}`);
  const bare = await hold('bare', CHANNELS);
  console.error(`hold-channels: bare ${JSON.stringify(bare)}`);
  const ratio = probe.perChannelBytes / bare.perChannelBytes;
  const line = (name: string, held: Held): string =>
    `  ${name}: ${kb(held.perChannelBytes)} a channel, ${(held.cpuUsPer1000Frames / 1000).toFixed(1)} ms CPU per 1,000 frames, ` +
    `${held.framesPerSecond.toFixed(0)} frames/s, event-loop delay p99 ${held.delayP99Ms.toFixed(1)} ms (max ${held.delayMaxMs.toFixed(1)})`;
  const lines = [
    `holding ${CHANNELS.toLocaleString('en')} channels, a heartbeat a second each (30 s at ${TIME_SCALE}x), clients and simulator in processes of their own`,
    line('probe', probe),
    line('bare ws', bare),
    `  memory per channel: ${ratio.toFixed(2)}x the bare client  bar ${BAR}x: ${ratio <= BAR ? 'met' : 'NOT MET'}`,
  ];
  const verdicts = [verdict(`memory/channel, probe / bare <= ${BAR}x`, `${ratio.toFixed(2)}x`, ratio <= BAR)];
  const keptUp: number[] = [];
  for (const channels of SWEEP) {
    const held = await hold('probe', channels, SWEEP_OPEN_DEADLINE_MS);
    const behind =
      held.opened < channels || held.delayP99Ms > TIMING_RESOLUTION_REAL_MS || held.framesPerSecond < channels * 0.95;
    const open = held.opened < channels ? `, only ${held.opened} open after ${SWEEP_OPEN_DEADLINE_MS / 1000} s` : '';
    lines.push(`${line(`probe ${channels.toLocaleString('en')}`, held)}${open}${behind ? '  FALLS BEHIND' : ''}`);
    if (!behind) keptUp.push(channels);
  }
  const limit = keptUp.length > 0 ? `keeps up at ${Math.max(...keptUp).toLocaleString('en')}` : `behind at ${SWEEP[0]}`;
  verdicts.push(
    verdict(
      'none (channels before falling behind)',
      `${limit} (tried ${SWEEP.map((n) => n.toLocaleString('en')).join(', ')})`,
      null,
    ),
  );
  return { text: lines.join('\n'), verdicts };
}

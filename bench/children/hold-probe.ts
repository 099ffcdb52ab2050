// First: the V8 settings of a live run, before anything else loads (both clients alike).
import './run-heap.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRunSession } from '../../src/cli/run-session.js';
import { systemClock } from '../../src/clock/system-clock.js';
import { openEventLog } from '../../src/log/event-log.js';
import { SecretScrubber } from '../../src/log/secret-scrubber.js';
import { DEFAULT_BACKOFF } from '../../src/probe/config.js';
import { forwardGcPauses } from './gc-pauses.js';
import { answerSamples } from './holder-report.js';

/**
 * The probe of bench/hold-channels.ts: a live run wired as `idleprobe run` wires it (run-session.ts: the
 * event log on disk with its scrubber, the streaming analysis, the probe with its watchdogs and health
 * samples), holding N channels at once. `run` itself refuses more than the 20 channels Genesys allows, so
 * the run is started here, with the same session and a config that asks for N.
 */
const { apiBase, loginBase, token, channels, timeScale, forward } = JSON.parse(process.argv[2] ?? '{}') as {
  apiBase: string;
  loginBase: string;
  token: string;
  channels: number;
  timeScale: number;
  /** Send each heartbeat and health event, and each garbage-collection pause, to the parent (bench/timestamp-fidelity.ts). */
  forward?: boolean;
};
const dir = mkdtempSync(join(tmpdir(), 'idleprobe-hold-'));
const scrubber = new SecretScrubber();
scrubber.add(token);
let opened = 0;
let frames = 0;
let stop: (() => Promise<void>) | null = null;
answerSamples(
  () => ({ opened, frames }),
  async () => {
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  },
);
process.send?.('ready');
await new Promise<void>((resolve) => process.once('message', () => resolve()));
const session = startRunSession({
  config: {
    apiBase,
    loginBase,
    auth: { kind: 'token', token },
    topics: [],
    keepalives: [{ kind: 'none' }],
    channelsPerKeepalive: channels,
    reconnect: 'same',
    allowEviction: true,
    watchdogMs: 75_000,
    durationMs: null,
    maxClosures: null,
    timeScale,
    backoff: DEFAULT_BACKOFF,
  },
  clock: systemClock,
  runStart: { version: 'bench', options: {}, target: apiBase },
  log: openEventLog(join(dir, 'run.ndjson'), scrubber, {
    owner: { pid: process.pid, isRunning: () => true },
    wallNow: Date.now(),
  }),
  onListenerError: () => {},
  probe: { onSecret: (secret) => scrubber.add(secret) },
});
// The bus's `mono` counts from its creation: the pauses are put on that scale.
const busOrigin = performance.now() - session.bus.elapsed();
if (forward) forwardGcPauses(() => busOrigin);
session.bus.subscribe((event) => {
  if (event.event === 'open') opened += 1;
  else if (event.event === 'heartbeat') frames += 1;
  if (forward && (event.event === 'heartbeat' || event.event === 'health')) process.send?.({ event });
});
stop = async () => {
  session.stop('signal');
  await session.done;
};

import type { ProbeEvent } from '../../src/events/types.js';
import { EventScript } from './event-builders.js';

/** Channel ids for side-by-side lanes, one per lane, as a probe creates them. */
export const LANE_CHANNELS = [
  'streaming-0-lanenone00000000000000000a',
  'streaming-0-lanetcp000000000000000000b',
  'streaming-0-lanewsping000000000000000c',
  'streaming-0-laneping00000000000000000d',
  'streaming-0-lanespare0000000000000000e',
] as const;

/** What happens on one lane after its connection opens at 0, told on its own script. */
export type LaneStory = (script: EventScript, conn: number, channel: string) => EventScript;

export interface Lane {
  keepalive: string;
  story: LaneStory;
}

/**
 * A side-by-side run as a probe logs it: every lane's connection opens at 0 with its keepalive named,
 * the lanes' events interleaved by time, between one `run-start` and a `run-end` after the last event.
 */
export function laneRun(
  lanes: readonly Lane[],
  options: { timeScale?: number; target?: string; wallStart?: number } = {},
): ProbeEvent[] {
  const perLane = lanes.map(({ keepalive, story }, i) => {
    const conn = i + 1;
    const channel = LANE_CHANNELS[i] as string;
    const start = new EventScript(options.wallStart).at(0).connecting(conn, channel, keepalive);
    return story(start.open(conn, channel, keepalive), conn, channel).build();
  });
  const events = perLane.flat().sort((a, b) => a.mono - b.mono);
  const end = Math.max(0, ...events.map((event) => event.mono));
  const head = new EventScript(options.wallStart).at(0).runStart(options.timeScale, options.target).build();
  const tail = new EventScript(options.wallStart).at(end).runEnd().build();
  return [...head, ...events, ...tail];
}

/** How a lane's connection ended: cut without a close frame, ended by the watchdog, closed by the service, or by the probe as the run stopped. */
export type Ending = 'cut' | 'watchdog' | 'idle-timeout' | 'probe';

const CLOSES = {
  cut: { code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' },
  watchdog: { code: 1006, reason: '', clean: false, by: 'watchdog' },
  'idle-timeout': { code: 1001, reason: 'idle timeout', clean: true, by: 'server' },
  probe: { code: 1000, reason: 'run ended', clean: true, by: 'probe' },
} as const;

/**
 * A lane's connection: heartbeats every `heartbeatEveryMs` (until `heartbeatsUntilMs`, for a path that
 * went silent), the lane's pings every `ping.everyMs`, and its end at `atMs`.
 */
export function story(
  atMs: number,
  ending: Ending,
  options: {
    ping?: { everyMs: number; kind: 'app' | 'ws' };
    heartbeatEveryMs?: number;
    heartbeatsUntilMs?: number;
  } = {},
): LaneStory {
  const { ping, heartbeatEveryMs = 30_000, heartbeatsUntilMs = atMs } = options;
  return (script, conn, channel) => {
    const marks: Array<{ at: number; what: 'heartbeat' | 'ping' }> = [];
    for (let t = heartbeatEveryMs; t < Math.min(atMs, heartbeatsUntilMs); t += heartbeatEveryMs)
      marks.push({ at: t, what: 'heartbeat' });
    if (ping) for (let t = ping.everyMs; t < atMs; t += ping.everyMs) marks.push({ at: t + 1, what: 'ping' });
    marks.sort((a, b) => a.at - b.at);
    for (const mark of marks) {
      script.at(mark.at);
      if (mark.what === 'heartbeat') script.heartbeat(conn, channel);
      else script.ping(conn, channel, ping?.kind ?? 'app');
    }
    return script.at(atMs).close(CLOSES[ending], conn, channel);
  };
}

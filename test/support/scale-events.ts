import type { ProbeEvent, ProbeEventBody } from '../../src/events/types.js';

/** What a generated soak-sized log holds. */
export interface ScaleShape {
  /** Closures, spread over `channels` channels that reconnect round after round. */
  closures: number;
  /** Connections opened on channels of their own before the first closure and never closed. */
  neverClosed: number;
  /** Channels the closing connections use, side by side (four keepalive lanes among them). */
  channels: number;
}

const START_WALL = Date.UTC(2026, 0, 1, 0, 0, 0);
const LANES = ['none', 'tcp:30s', 'ws-ping:30s', 'ping:30s'] as const;
const HEARTBEAT_MS = 30_000;

/**
 * A long run's events, generated rather than stored, shaped like the soaks that exercise every loop of
 * the analysis: thousands of connections that never close (each `open` must not look at all of them),
 * then rounds of reconnecting channels whose closures differ in age, kind and traffic, so the timer
 * comparison, the clusters, the histogram, the waves and the keepalive verdict all have rows to chew on.
 * Channels are named apart so the renderers' channel shortener sees thousands of distinct ids. The last
 * round is closed by the probe (the lanes that survived). Deterministic: the same shape gives the same
 * events, in `mono` order.
 */
export function* scaleEvents(shape: ScaleShape): Generator<ProbeEvent> {
  let mono = 0;
  const stamp = (body: ProbeEventBody, at = mono): ProbeEvent =>
    ({ ...body, time: new Date(START_WALL + at).toISOString(), mono: at }) as ProbeEvent;
  yield stamp({ event: 'run-start', version: 'scale', options: {}, timeScale: 1, target: 'scale' });
  yield stamp({ event: 'token', grant: 'client_credentials', expiresAt: null, expiresInMs: 3_600_000 });
  let conn = 0;
  for (let i = 0; i < shape.neverClosed; i += 1) {
    conn += 1;
    const channel = `streaming-0-open${i.toString(36).padStart(8, '0')}`;
    yield stamp({ event: 'connecting', channel, conn, keepalive: 'none' });
    yield stamp({ event: 'open', channel, conn, keepalive: 'none' });
  }
  const rounds = Math.ceil(shape.closures / shape.channels);
  let closed = 0;
  for (let round = 0; round <= rounds; round += 1) {
    const lastRound = round === rounds;
    const events: ProbeEvent[] = [];
    let roundEnd = mono;
    for (let lane = 0; lane < shape.channels && (lastRound || closed < shape.closures); lane += 1) {
      conn += 1;
      closed += lastRound ? 0 : 1;
      const channel = `streaming-0-ch${(round * shape.channels + lane).toString(36).padStart(9, '0')}`;
      const keepalive = LANES[lane % LANES.length] as string;
      // Channels open a minute apart. Ages differ by lane and round: a 15-minute cap on some, a minute-scale
      // spread on others, and a restart 20 minutes into the round on others (a wave: different ages at once).
      const opened = mono + (lane % 5) * 61_000;
      const restart = lane % 6 === 4 && !lastRound;
      const age = restart
        ? mono + 1_200_000 - opened - 50
        : lane % 3 === 0
          ? 900_000
          : 60_000 * (1 + ((round * 7 + lane) % 17)) + lane * 37;
      const push = (body: ProbeEventBody, at: number) => events.push(stamp(body, at));
      push(
        { event: 'channel', channel, expires: '2026-01-02T00:00:00.000Z', connectUri: `wss://sim/${channel}` },
        opened,
      );
      push({ event: 'connecting', channel, conn, keepalive }, opened);
      push({ event: 'open', channel, conn, keepalive }, opened + 50);
      for (let beat = HEARTBEAT_MS; beat < age && beat <= 2 * HEARTBEAT_MS; beat += HEARTBEAT_MS) {
        push({ event: 'heartbeat', channel, conn }, opened + 50 + beat);
      }
      if (keepalive.startsWith('ping') || keepalive.startsWith('ws-ping')) {
        const kind = keepalive.startsWith('ws-ping') ? 'ws' : 'app';
        push({ event: 'ping', channel, conn, kind, payload: '{"message":"ping"}' }, opened + 50 + age / 2);
      }
      const closedAt = opened + 50 + age;
      if (restart) {
        push(
          { event: 'close', channel, conn, code: 1012, reason: 'service restart', clean: true, by: 'server' },
          closedAt,
        );
      } else if (lastRound) {
        push({ event: 'close', channel, conn, code: 1000, reason: '', clean: true, by: 'probe' }, closedAt);
      } else if (lane % 4 === 1) {
        push(
          { event: 'close', channel, conn, code: 1006, reason: '', clean: false, by: 'network', error: 'ECONNRESET' },
          closedAt,
        );
      } else if (lane % 7 === 5) {
        push({ event: 'watchdog', channel, conn, silentMs: age / 2, limitMs: 75_000 }, closedAt);
        push({ event: 'close', channel, conn, code: 1006, reason: '', clean: false, by: 'watchdog' }, closedAt);
      } else {
        push(
          { event: 'close', channel, conn, code: 1001, reason: 'idle timeout', clean: true, by: 'server' },
          closedAt,
        );
      }
      if (!lastRound) {
        push({ event: 'channel-check', channel, conn, exists: lane % 11 !== 3 }, closedAt + 10);
        // Now and then the token is refused after a close: the analysis asks whether anything opened since.
        if (lane % 13 === 7) push({ event: 'error', code: 'IDLEPROBE_ERR_AUTH', message: 'refused' }, closedAt + 15);
        push({ event: 'reconnect', channel, conn, attempt: 1, delayMs: 0, target: 'same' }, closedAt + 20);
      }
      roundEnd = Math.max(roundEnd, closedAt + 30);
    }
    events.push(
      stamp({ event: 'health', windowMs: 60_000, loopDelayP50Ms: 1, loopDelayP99Ms: 4, loopDelayMaxMs: 9 }, roundEnd),
    );
    events.sort((a, b) => a.mono - b.mono);
    yield* events;
    mono = roundEnd + 1;
    if (round % 50 === 49) {
      yield stamp({
        event: 'token',
        grant: 'client_credentials',
        renewed: true,
        expiresAt: null,
        expiresInMs: 3_600_000,
      });
    }
  }
  yield stamp({ event: 'run-end', reason: 'duration', closures: shape.closures });
}

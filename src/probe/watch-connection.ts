import { type KeepaliveStrategy, keepaliveLabel, startKeepalive } from '../channel/keepalive.js';
import { ChannelSession, type SessionClosed } from '../channel/session.js';
import { createWatchdog, type Watchdog } from '../channel/watchdog.js';
import type { Timer } from '../clock/clock.js';
import { round } from '../clock/round.js';
import { formatDuration } from '../clock/time-text.js';
import { IdleprobeError } from '../errors.js';
import type { Channel } from '../genesys/notifications-api.js';
import type { LaneContext } from './lane-context.js';
import type { StopScope } from './stop-scope.js';

/**
 * A lane's last inbound frame, on whichever of its connections it arrived: the start of the window in
 * which events could have been lost when that connection ends and the next one opens.
 */
export class LastInbound {
  private seen: { conn: number; mono: number } | null = null;

  get value(): { conn: number; mono: number } | null {
    return this.seen;
  }

  record(conn: number, mono: number): void {
    this.seen = { conn, mono };
  }
}

/**
 * How long a connect may take, in scenario time: the deadline the network stack gives each step on the way
 * (reaching a proxy, its CONNECT answer, the TLS handshake, the upgrade). In real time it never falls below
 * the handshake floor (src/clock/scenario-time.ts): a 30 s deadline at 1,000x would fail healthy connects.
 */
const CONNECT_DEADLINE_MS = 30_000;

/**
 * One connection of a lane, from connect to close: the session, its watchdog and its keepalive, and the
 * `resumed` event that records how long events could have been lost since the lane's previous connection.
 * Resolves with how it closed, or null when the run stopped first (the probe then closes it itself). A
 * connect that misses its deadline rejects like any other failed connect, to be logged and retried.
 */
export async function watchConnection(
  context: LaneContext,
  connection: {
    channel: Channel;
    conn: number;
    lane: number;
    strategy: KeepaliveStrategy;
    lastInbound: LastInbound;
    /** The lane's stop, which every wait of the connection listens on. */
    stop: StopScope;
  },
): Promise<SessionClosed | null> {
  const { run, time, bus, config } = context;
  const { channel, conn, lane, strategy, lastInbound } = connection;
  const previous = lastInbound.value;
  let resumed = previous === null;
  let watchdog: Watchdog | null = null;
  // Stamped when the frame arrived, as the frame's own event is: `resumed` is logged just before it.
  const onInbound = (arrived: number): void => {
    watchdog?.feed();
    const mono = bus.elapsedAt(arrived);
    if (!resumed && previous) {
      resumed = true;
      bus.publish(
        {
          event: 'resumed',
          channel: channel.id,
          conn,
          previousConn: previous.conn,
          lossWindowMs: round(mono - previous.mono, 3),
        },
        arrived,
      );
    }
    lastInbound.record(conn, mono);
  };
  const session: ChannelSession = new ChannelSession({
    url: channel.connectUri,
    channel: channel.id,
    conn,
    lane,
    bus,
    clock: time.clock,
    onInbound,
    keepalive: keepaliveLabel(strategy),
    ...(context.connect ? { connect: context.connect } : {}),
    ...(context.describePath ? { describePath: context.describePath } : {}),
  });
  if (!(await openInTime(session, context, connection.stop))) return null;
  run.markOpened();
  // The watchdog and the keepalive are channel-level timers that count real milliseconds.
  const watchdogLimit = time.toRealMs(config.watchdogMs, 'watchdog');
  watchdog = createWatchdog({
    clock: time.clock,
    timeoutMs: watchdogLimit,
    onExpire: (silentMs) => {
      bus.publish({
        event: 'watchdog',
        channel: channel.id,
        conn,
        silentMs: round(silentMs, 3),
        limitMs: round(watchdogLimit, 3),
      });
      session.kill('watchdog');
    },
  });
  const keepalive =
    strategy.kind === 'none' ? null : startKeepalive(session, strategy, time.clock, time.toRealMs(strategy.intervalMs));
  try {
    const ended = await connection.stop.untilStopped(session.closed);
    if (ended) return ended;
    await session.stop();
    return null;
  } finally {
    keepalive?.cancel();
    watchdog.stop();
  }
}

/** Opens the session before its deadline: true once open, false when the run stopped first. */
async function openInTime(session: ChannelSession, context: LaneContext, stop: StopScope): Promise<boolean> {
  const { time } = context;
  let deadline: Timer | undefined;
  const missed = new Promise<never>((_, reject) => {
    deadline = time.after(
      CONNECT_DEADLINE_MS,
      () => {
        const waitedMs = time.toRealMs(CONNECT_DEADLINE_MS, 'handshake');
        reject(
          new IdleprobeError(
            'IDLEPROBE_ERR_NETWORK',
            `the WebSocket connect got no answer within ${formatDuration(waitedMs)}: the service, or a proxy, ` +
              'firewall or load balancer on the way, is holding the connection without answering.',
            // The code a failed attempt is counted by (src/probe/attempt-cause.ts).
            { cause: Object.assign(new Error('connect deadline'), { code: 'ETIMEDOUT' }) },
          ),
        );
        session.kill('network');
      },
      'handshake',
    );
  });
  try {
    const opened = await stop.untilStopped(Promise.race([session.open().then(() => true), missed]));
    if (opened) return true;
    session.kill('probe');
    return false;
  } finally {
    deadline?.cancel();
  }
}

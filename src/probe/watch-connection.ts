import { type KeepaliveStrategy, keepaliveLabel, startKeepalive } from '../channel/keepalive.js';
import { ChannelSession, type SessionClosed } from '../channel/session.js';
import { createWatchdog } from '../channel/watchdog.js';
import { round } from '../clock/round.js';
import type { Channel } from '../genesys/notifications-api.js';
import type { LaneContext } from './lane-context.js';

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
 * One connection of a lane, from connect to close: the session, its watchdog and its keepalive, and the
 * `resumed` event that records how long events could have been lost since the lane's previous connection.
 * Resolves with how it closed, or null when the run stopped first (the probe then closes it itself).
 */
export async function watchConnection(
  context: LaneContext,
  connection: { channel: Channel; conn: number; strategy: KeepaliveStrategy; lastInbound: LastInbound },
): Promise<SessionClosed | null> {
  const { run, time, bus, config } = context;
  const { channel, conn, strategy, lastInbound } = connection;
  const previous = lastInbound.value;
  let resumed = previous === null;
  // The watchdog and the keepalive are channel-level timers that count real milliseconds.
  const watchdogLimit = time.toRealMs(config.watchdogMs);
  const watchdog = createWatchdog({
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
  const onInbound = (): void => {
    watchdog.feed();
    const mono = bus.elapsed();
    if (!resumed && previous) {
      resumed = true;
      bus.publish({
        event: 'resumed',
        channel: channel.id,
        conn,
        previousConn: previous.conn,
        lossWindowMs: round(mono - previous.mono, 3),
      });
    }
    lastInbound.record(conn, mono);
  };
  const session: ChannelSession = new ChannelSession({
    url: channel.connectUri,
    channel: channel.id,
    conn,
    bus,
    clock: time.clock,
    onInbound,
    keepalive: keepaliveLabel(strategy),
    ...(context.connect ? { connect: context.connect } : {}),
    ...(context.describePath ? { describePath: context.describePath } : {}),
  });
  try {
    const opened = await run.untilStopped(session.open().then(() => true));
    if (!opened) {
      session.kill('probe');
      return null;
    }
  } catch (error) {
    watchdog.stop();
    throw error;
  }
  run.markOpened();
  watchdog.feed();
  const keepalive =
    strategy.kind === 'none' ? null : startKeepalive(session, strategy, time.clock, time.toRealMs(strategy.intervalMs));
  try {
    const ended = await run.untilStopped(session.closed);
    if (ended) return ended;
    await session.stop();
    return null;
  } finally {
    keepalive?.cancel();
    watchdog.stop();
  }
}

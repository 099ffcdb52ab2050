import { type KeepaliveStrategy, startKeepalive } from '../channel/keepalive.js';
import { ChannelSession, type SessionClosed } from '../channel/session.js';
import { createWatchdog } from '../channel/watchdog.js';
import { round } from '../clock/round.js';
import type { Channel } from '../genesys/notifications-api.js';
import type { LaneShared } from './channel-lane.js';

/**
 * One connection of a lane, from connect to close: the session, its watchdog and its keepalive, and the
 * `resumed` event that records how long events could have been lost since the lane's previous connection.
 * Resolves with how it closed, or null when the run stopped first (the probe then closes it itself).
 */
export async function watchConnection(options: {
  shared: LaneShared;
  channel: Channel;
  conn: number;
  strategy: KeepaliveStrategy;
  label: string;
  /** The lane's previous connection and its last inbound frame (raw mono), or null for the first. */
  previous: { conn: number; mono: number } | null;
  onInbound: (mono: number) => void;
}): Promise<SessionClosed | null> {
  const { shared, channel, conn, strategy, label, previous } = options;
  const { config, deps, latch } = shared;
  const { clock, bus } = deps;
  const wall = (scenarioMs: number): number => scenarioMs / config.timeScale;
  let resumed = previous === null;
  const watchdogLimit = wall(config.watchdogMs);
  const watchdog = createWatchdog({
    clock,
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
    options.onInbound(mono);
  };
  const session: ChannelSession = new ChannelSession({
    url: channel.connectUri,
    channel: channel.id,
    conn,
    bus,
    clock,
    onInbound,
    keepalive: label,
    ...(deps.connect ? { connect: deps.connect } : {}),
    ...(deps.describePath ? { describePath: deps.describePath } : {}),
  });
  try {
    const opened = await Promise.race([session.open().then(() => true), latch.stopped.then(() => false)]);
    if (!opened) {
      session.kill('probe');
      return null;
    }
  } catch (error) {
    watchdog.stop();
    throw error;
  }
  shared.markOpened();
  watchdog.feed();
  const keepalive =
    strategy.kind === 'none' ? null : startKeepalive(session, strategy, clock, wall(strategy.intervalMs));
  try {
    const ended = await Promise.race([session.closed, latch.stopped.then(() => null)]);
    if (ended) return ended;
    await session.stop();
    return null;
  } finally {
    keepalive?.cancel();
    watchdog.stop();
  }
}

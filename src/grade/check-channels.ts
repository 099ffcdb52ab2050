import { formatDuration } from '../clock/time-text.js';
import { CHANNELS_PER_OWNER } from '../protocol/limits.js';
import { CHANNEL_LIFETIME_MS } from '../protocol/timing.js';
import { type ChannelLife, type ClientView, lastOpenBefore } from './client-view.js';
import { counted } from './counted.js';
import { RENEWAL_WINDOW_MS } from './grade-rules.js';
import type { CardCheck } from './report-card.js';

/** The channel of the client's latest socket opened before this journal position. */
function channelInUse(view: ClientView, index: number): ChannelLife | undefined {
  const life = lastOpenBefore(view, index);
  return life && view.channelsById.get(life.channel);
}

/**
 * `channel-leak`: a channel created after the client's first socket is a leak when the channel it was
 * using still lived and was not near its expiry: every one counts toward the 20 a user and OAuth client
 * may hold, and the 21st evicts a channel, perhaps another app's.
 */
export function checkChannelLeak(view: ClientView): CardCheck {
  const id = 'channel-leak';
  const firstOpen = view.sockets[0]?.open.index ?? Number.POSITIVE_INFINITY;
  const reconnects = Math.max(0, view.sockets.length - 1);
  const later = view.channels.filter((channel) => channel.created.index > firstOpen);
  const leaked = later.filter((channel) => {
    const previous = channelInUse(view, channel.created.index);
    if (!previous || previous === channel) return false;
    const stillAlive = !previous.gone || previous.gone.index > channel.created.index;
    return stillAlive && previous.expiresAt - channel.created.scenarioMs > RENEWAL_WINDOW_MS;
  });
  const peak = peakAlive(view);
  const limit = `peak ${peak} of the ${CHANNELS_PER_OWNER} allowed`;
  if (reconnects === 0 && later.length === 0)
    return {
      id,
      result: 'not-exercised',
      evidence: `No reconnect, ${counted(view.channels.length, 'channel')} created.`,
    };
  const reconnected = counted(reconnects, 'reconnect');
  if (leaked.length === 0)
    return {
      id,
      result: 'pass',
      evidence:
        later.length === 0
          ? `${reconnected} reused the channel (${limit}).`
          : `${reconnected} made ${counted(later.length, 'new channel')}, none while the one in use still lived (${limit}).`,
    };
  const first = leaked[0] as ChannelLife;
  return {
    id,
    result: 'fail',
    evidence: `${reconnected} made ${counted(leaked.length, 'new channel')} while the one in use still lived, the first at ${formatDuration(first.created.scenarioMs)} (${limit}).`,
  };
}

/** The most channels of this client alive at once (created, not yet expired or evicted). */
function peakAlive(view: ClientView): number {
  const steps = view.channels.flatMap((channel) => [
    { index: channel.created.index, delta: 1 },
    ...(channel.gone ? [{ index: channel.gone.index, delta: -1 }] : []),
  ]);
  steps.sort((a, b) => a.index - b.index);
  let alive = 0;
  let peak = 0;
  for (const step of steps) {
    alive += step.delta;
    peak = Math.max(peak, alive);
  }
  return peak;
}

/**
 * `resubscribe-before-expiry`: no channel expired while the client was using it. Exercised once a channel
 * the client used reached its first 24 h within the journal; an expiry forced before that (a trigger) is
 * not held against the client.
 */
export function checkResubscribeBeforeExpiry(view: ClientView): CardCheck {
  const id = 'resubscribe-before-expiry';
  const used = view.channels.filter((channel) => channel.inUse);
  const reached = used.filter((channel) => channel.created.scenarioMs + CHANNEL_LIFETIME_MS <= view.endMs);
  if (reached.length === 0)
    return {
      id,
      result: 'not-exercised',
      evidence: `The journal lasted ${formatDuration(view.endMs)}: no channel in use reached its ${formatDuration(CHANNEL_LIFETIME_MS)}.`,
    };
  const expiredInUse = reached.filter((channel) => {
    const gone = channel.gone;
    if (gone?.kind !== 'expire' || gone.scenarioMs < channel.expiresAt - 1_000) return false;
    return channelInUse(view, gone.index) === channel;
  });
  const extensions = reached.reduce((sum, channel) => sum + channel.extensions.length, 0);
  const renewedBy = `${counted(extensions, 'subscription call')} extended ${reached.length === 1 ? 'it' : 'them'}`;
  if (expiredInUse.length === 0)
    return {
      id,
      result: 'pass',
      evidence: `${counted(reached.length, 'channel')} in use reached ${formatDuration(CHANNEL_LIFETIME_MS)} of age; ${renewedBy}, and none expired while in use.`,
    };
  const first = expiredInUse[0] as ChannelLife;
  return {
    id,
    result: 'fail',
    evidence: `The channel in use (created at ${formatDuration(first.created.scenarioMs)}) expired at ${formatDuration(first.gone?.scenarioMs ?? 0)} with no new subscription or channel before; ${expiredInUse.length} expired in use.`,
  };
}

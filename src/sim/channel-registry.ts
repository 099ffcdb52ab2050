import type { Clock, Timer } from '../clock/clock.js';
import { CHANNELS_PER_OWNER } from '../protocol/limits.js';
import { CHANNEL_LIFETIME_MS } from '../protocol/timing.js';
import { newChannelId } from './ids.js';
import type { SimJournal, SimRecordInput } from './journal.js';
import type { SimScheduler, TimerGroup } from './scheduler.js';
import { CLOSE_CHANNEL_EVICTED, CLOSE_CHANNEL_EXPIRED, type ServiceClose } from './service-policy.js';
import type { TokenSubject } from './token-store.js';

/** What the registry needs from the socket connected to a channel. */
export interface ChannelSocket {
  readonly channel: SimChannel;
  /** Half-open: nothing sent on it reaches the client any more. */
  readonly isSilent: boolean;
  /** Sends a JSON message if the socket is still open. */
  send(message: unknown): void;
  /** Ends the connection because the channel went away (evicted, expired, replaced). */
  endForChannel(code: number, reason: string, detail: string): void;
  /** Closes with a close frame; `detail` says what closed it. */
  closeWith(code: number, reason: string, detail: string): void;
  /** Half-open path: keeps the TCP connection, sends and answers nothing more. */
  goSilent(detail: string): void;
  /** Resets the TCP connection. */
  reset(detail: string): void;
  /** Journals a record of this connection (its channel and socket serial filled in). */
  note(record: Omit<SimRecordInput, 'channel' | 'socket'>): void;
}

export interface SimChannel {
  id: string;
  /** Channels are counted per user and OAuth client. */
  ownerKey: string;
  clientId: string;
  userId: string | null;
  /** The token that created it, for `includechannels=token`. */
  token: string;
  createdAt: number;
  /** Monotonic real time; a subscription call moves it. */
  expiresAt: number;
  /** The same instant on the wall clock, fixed when set, so every reply reports the same `expires`. */
  expiresWallAt: number;
  /** Monotonic real time of the last REST call or socket connection on the channel. */
  lastUsedAt: number;
  topics: Set<string>;
  socket: ChannelSocket | null;
  /** Removes the channel when it expires, so a socket on it ends even without a REST call. */
  expiryTimer: Timer | null;
}

export function ownerKeyOf(subject: TokenSubject): string {
  return subject.userId ? `user:${subject.userId}|client:${subject.clientId}` : `client:${subject.clientId}`;
}

/** Every channel the simulated service knows, with the documented lifetime. */
export class ChannelRegistry {
  private readonly channels = new Map<string, SimChannel>();
  private readonly clock: Clock;
  private readonly timers: TimerGroup;

  constructor(
    private readonly scheduler: SimScheduler,
    private readonly journal: SimJournal,
    /** Channels per user and OAuth client: the documented 20 unless a scenario raises it. */
    private readonly limit: number = CHANNELS_PER_OWNER,
  ) {
    this.clock = scheduler.clock;
    this.timers = scheduler.group();
  }

  /**
   * Creates a channel. Documented: a user and OAuth client hold at most 20 (`limit`); creating one more removes the
   * channel used longest ago, channels without a connection first.
   */
  create(subject: TokenSubject, token: string): SimChannel {
    const ownerKey = ownerKeyOf(subject);
    const owned = this.list((channel) => channel.ownerKey === ownerKey);
    if (owned.length >= this.limit) {
      const victim = oldestUsed(owned.filter((channel) => channel.socket === null)) ?? oldestUsed(owned);
      if (victim) this.remove(victim.id, 'evicted');
    }
    const now = this.clock.monoNow();
    const channel: SimChannel = {
      id: newChannelId(),
      ownerKey,
      clientId: subject.clientId,
      userId: subject.userId,
      token,
      createdAt: now,
      expiresAt: now + this.scheduler.toRealMs(CHANNEL_LIFETIME_MS),
      expiresWallAt: this.clock.wallNow() + this.scheduler.toRealMs(CHANNEL_LIFETIME_MS),
      lastUsedAt: now,
      topics: new Set(),
      socket: null,
      expiryTimer: null,
    };
    this.channels.set(channel.id, channel);
    this.armExpiry(channel);
    return channel;
  }

  /** The channel, unless it never existed, was removed or has expired (an expired one is removed now). */
  get(id: string): SimChannel | undefined {
    const channel = this.channels.get(id);
    if (!channel) return undefined;
    if (this.clock.monoNow() >= channel.expiresAt) {
      this.remove(id, 'expired');
      return undefined;
    }
    return channel;
  }

  touch(channel: SimChannel): void {
    channel.lastUsedAt = this.clock.monoNow();
  }

  /** Documented: subscribing again extends the channel's life by a full lifetime from now. */
  extend(channel: SimChannel): void {
    channel.expiresAt = this.clock.monoNow() + this.scheduler.toRealMs(CHANNEL_LIFETIME_MS);
    channel.expiresWallAt = this.clock.wallNow() + this.scheduler.toRealMs(CHANNEL_LIFETIME_MS);
    this.armExpiry(channel);
  }

  private armExpiry(channel: SimChannel): void {
    channel.expiryTimer?.cancel();
    channel.expiryTimer = this.timers.after(CHANNEL_LIFETIME_MS, () => this.remove(channel.id, 'expired'));
  }

  /** Live channels matching the filter. */
  list(filter: (channel: SimChannel) => boolean): SimChannel[] {
    return [...this.channels.keys()]
      .map((id) => this.get(id))
      .filter((channel): channel is SimChannel => channel !== undefined && filter(channel));
  }

  remove(id: string, why: 'expired' | 'evicted', close?: ServiceClose): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    this.channels.delete(id);
    channel.expiryTimer?.cancel();
    channel.expiryTimer = null;
    this.journal.record({ kind: why === 'evicted' ? 'evict' : 'expire', channel: id });
    const socket = channel.socket;
    channel.socket = null;
    const { code, reason } = close ?? (why === 'evicted' ? CLOSE_CHANNEL_EVICTED : CLOSE_CHANNEL_EXPIRED);
    socket?.endForChannel(code, reason, `channel-${why}`);
  }

  /** The wall-clock instant a channel expires, as the `expires` field reports it. */
  expiresIso(channel: SimChannel): string {
    return new Date(channel.expiresWallAt).toISOString();
  }

  all(): SimChannel[] {
    return [...this.channels.values()];
  }
}

function oldestUsed(channels: SimChannel[]): SimChannel | undefined {
  let oldest: SimChannel | undefined;
  for (const channel of channels) if (!oldest || channel.lastUsedAt < oldest.lastUsedAt) oldest = channel;
  return oldest;
}

import { SOCKET_CLOSING_TOPIC } from '../protocol/notification-words.js';
import { CHANNEL_LIFETIME_MS } from '../protocol/timing.js';
import type { GradeRecord } from './journal-record.js';

/** A journal record with its place in the journal, the order in which the simulator saw things happen. */
export interface Indexed extends GradeRecord {
  index: number;
  /** The client it belongs to, given or worked out from its socket or channel. */
  owner: string;
}

/** One WebSocket connection of a client, from open to end, as the simulator saw it. */
export interface SocketLife {
  key: string;
  channel: string;
  open: Indexed;
  /** The close or drop that ended it; null while it was still up when the journal ends. */
  end: Indexed | null;
  endedBy: 'server' | 'client' | null;
  /** When the service went silent on it (half-open), if it did. */
  halfOpen: Indexed | null;
}

export interface ChannelLife {
  channel: string;
  created: Indexed;
  /** Scenario ms at which it expires, moved by each subscription call. */
  expiresAt: number;
  /** Subscription changes that extended it once a socket was on it: what keeps a channel in use alive. */
  extensions: Indexed[];
  /** The expire or evict record that removed it. */
  gone: Indexed | null;
  /** A socket has opened on it. */
  inUse: boolean;
}

/** Everything the checks ask about one client. */
export interface ClientView {
  client: string;
  records: Indexed[];
  /** In the order they opened. */
  sockets: SocketLife[];
  socketsByKey: Map<string, SocketLife[]>;
  channels: ChannelLife[];
  channelsById: Map<string, ChannelLife>;
  /** The scenario ms of the journal's last record: how long the run lasted. */
  endMs: number;
  heartbeatIntervalMs: number;
}

export const isWarning = (record: GradeRecord): boolean =>
  record.kind === 'warning' && (record.detail ?? '').includes(SOCKET_CLOSING_TOPIC);

export const isHalfOpen = (record: GradeRecord): boolean =>
  record.kind === 'drop' && (record.detail ?? '').includes('half-open');

/** A record that is a request or upgrade the client made. */
export const isClientRequest = (record: GradeRecord): boolean =>
  record.kind === 'rest' || record.kind === 'open' || record.kind === 'refused';

/** A subscription change that extended the channel's life says for how long. */
const extendsChannel = (record: GradeRecord): boolean =>
  record.kind === 'subscriptions' && record.expiresInMs !== undefined;

/**
 * Sockets are told apart by the journal's socket id; a journal without one has one socket per channel at a
 * time, so the channel stands in.
 */
const socketKey = (record: GradeRecord): string =>
  record.socket === undefined ? `channel:${record.channel}` : `socket:${record.socket}`;

/** The journal writes '' for a record it could not attribute. */
const clientOf = (record: GradeRecord): string | undefined => (record.client ? record.client : undefined);

/** Splits the journal by client, attributing records that name no client by their socket or channel. */
export function clientViews(records: readonly GradeRecord[], heartbeatIntervalMs: number): ClientView[] {
  const bySocket = new Map<number, string>();
  const byChannel = new Map<string, string>();
  for (const record of records) {
    const client = clientOf(record);
    if (client === undefined) continue;
    if (record.socket !== undefined) bySocket.set(record.socket, client);
    if (record.channel !== '' && record.channel !== '*' && !byChannel.has(record.channel))
      byChannel.set(record.channel, client);
  }
  const endMs = records.reduce((latest, record) => Math.max(latest, record.scenarioMs), 0);
  const grouped = new Map<string, Indexed[]>();
  records.forEach((record, index) => {
    const owner =
      clientOf(record) ??
      (record.socket === undefined ? undefined : bySocket.get(record.socket)) ??
      byChannel.get(record.channel);
    // Service-wide records (a trigger for every channel, a fault on no channel) belong to no client.
    if (owner === undefined) return;
    const list = grouped.get(owner) ?? [];
    list.push({ ...record, index, owner });
    grouped.set(owner, list);
  });
  return [...grouped].map(([client, list]) => {
    const sockets = socketLives(list);
    const channels = channelLives(list);
    const socketsByKey = new Map<string, SocketLife[]>();
    for (const life of sockets) {
      const lives = socketsByKey.get(life.key);
      if (lives) lives.push(life);
      else socketsByKey.set(life.key, [life]);
    }
    return {
      client,
      records: list,
      sockets,
      socketsByKey,
      channels,
      channelsById: new Map(channels.map((channel) => [channel.channel, channel])),
      endMs,
      heartbeatIntervalMs,
    };
  });
}

function socketLives(records: readonly Indexed[]): SocketLife[] {
  const lives: SocketLife[] = [];
  const current = new Map<string, SocketLife>();
  for (const record of records) {
    const key = socketKey(record);
    if (record.kind === 'open') {
      const life: SocketLife = { key, channel: record.channel, open: record, end: null, endedBy: null, halfOpen: null };
      lives.push(life);
      current.set(key, life);
      continue;
    }
    const life = current.get(key);
    if (!life || life.end) continue;
    if (isHalfOpen(record)) life.halfOpen ??= record;
    else if (record.kind === 'close' || record.kind === 'drop') {
      life.end = record;
      life.endedBy =
        record.kind === 'close' && (record.by === 'client' || record.detail === 'by-client') ? 'client' : 'server';
    }
  }
  return lives;
}

function channelLives(records: readonly Indexed[]): ChannelLife[] {
  const lives = new Map<string, ChannelLife>();
  for (const record of records) {
    if (record.kind === 'channel-created') {
      lives.set(record.channel, {
        channel: record.channel,
        created: record,
        expiresAt: record.scenarioMs + (record.expiresInMs ?? CHANNEL_LIFETIME_MS),
        extensions: [],
        gone: null,
        inUse: false,
      });
      continue;
    }
    const life = lives.get(record.channel);
    if (!life || life.gone) continue;
    if (record.kind === 'open') life.inUse = true;
    else if (extendsChannel(record)) {
      // The first subscription comes before the socket; later ones are the renewals.
      if (life.inUse) life.extensions.push(record);
      life.expiresAt = record.scenarioMs + (record.expiresInMs ?? CHANNEL_LIFETIME_MS);
    } else if (record.kind === 'expire' || record.kind === 'evict') life.gone = record;
  }
  return [...lives.values()];
}

/** The socket that was up on this record's socket when it was written. */
export function lifeAt(view: ClientView, record: Indexed): SocketLife | undefined {
  const lives = view.socketsByKey.get(socketKey(record)) ?? [];
  return lives.findLast((life) => life.open.index <= record.index);
}

/**
 * Where the first socket opened after this journal position sits in `view.sockets` (which are in the order
 * they opened): a binary search, since a long session of a client that reconnects often has many thousands.
 */
function firstOpenedAfter(view: ClientView, index: number): number {
  let low = 0;
  let high = view.sockets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((view.sockets[middle] as SocketLife).open.index > index) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The client's first socket opened after this journal position, on another connection than `life`. */
export function nextOpenAfter(view: ClientView, index: number, life?: SocketLife): SocketLife | undefined {
  for (let at = firstOpenedAfter(view, index); at < view.sockets.length; at++)
    if (view.sockets[at] !== life) return view.sockets[at];
  return undefined;
}

/** The client's latest socket opened before this journal position. */
export function lastOpenBefore(view: ClientView, index: number): SocketLife | undefined {
  const at = firstOpenedAfter(view, index - 1) - 1;
  return at >= 0 ? view.sockets[at] : undefined;
}

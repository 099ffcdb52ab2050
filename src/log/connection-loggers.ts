import type pino from 'pino';

/**
 * The keys that lead nearly every line of a busy run (a heartbeat, a pong, a ping: `event`, `channel`,
 * `conn`) are the same for every line of one kind on one connection. pino's child loggers serialise their
 * bindings once, when the child is made, and put that text right after the timestamp on each line: where
 * these keys already stand. So an event that leads with them is written by the child of its kind and
 * connection, and pino serialises only what follows (for a heartbeat, nothing).
 */
const LEADING_KEYS = ['event', 'channel', 'conn'] as const;

/**
 * How many channels' loggers are kept. The busiest run holds 1,000 channels (a simulator with its limit
 * raised), and a long run's lanes make new channels as old ones end; past this many the cache starts
 * again, so its memory stays bounded (about 1.3 KB a channel), and a logger made again costs about 2 µs.
 */
export const CHANNELS_KEPT = 2_048;

/**
 * A bound string must come out of pino's bindings (JSON.stringify) as it would from its per-line escaping:
 * they differ only for a lone surrogate, which JSON.stringify writes as `\udxxx`. Any surrogate, paired or
 * not, keeps the event on the unbound path: channel ids and event kinds are ASCII in practice.
 */
const SURROGATE = /[\ud800-\udfff]/;

export type EventShape = 'unbound' | 'bound-only' | 'bound-and-more';

/**
 * Whether the event's keys, stamps left aside, start with `event`, `channel`, `conn` in that order, with
 * values a binding writes exactly as pino would per line; and whether any other key follows them.
 */
export function shapeOf(event: object): EventShape {
  let at = 0;
  let more = false;
  for (const key in event) {
    // The stamps: the line starts with them anyway (pino's timestamp hook), wherever they stand in the event.
    if (key === 'time' || key === 'mono') continue;
    if (at === LEADING_KEYS.length) {
      more = true;
      break;
    }
    if (key !== LEADING_KEYS[at]) return 'unbound';
    at += 1;
  }
  if (at < LEADING_KEYS.length) return 'unbound';
  const { event: kind, channel, conn } = event as Record<string, unknown>;
  if (typeof kind !== 'string' || typeof channel !== 'string' || typeof conn !== 'number') return 'unbound';
  return more ? 'bound-and-more' : 'bound-only';
}

/** A kind's loggers on one connection, each made when first needed: one per parent. */
interface KindLoggers {
  kind: string;
  /** Whether the connection wrote a line of this kind before: a logger is made for its second, not its first. */
  seen: boolean;
  bound: pino.Logger | null;
  boundAndMore: pino.Logger | null;
}

/** A connection writes a handful of kinds: a short list, searched in order, weighs less than a Map a channel. */
interface ChannelLoggers {
  conn: number;
  kinds: KindLoggers[];
}

/**
 * The parents of the connections' loggers: each a child itself (`child({})`), as pino makes a child of a
 * root rebuild its formatters while the child of a child shares its parent's: one object less a logger.
 */
export interface BoundParents {
  /** For events with no other key: writes the line from its bindings and stamps alone. */
  bound: pino.Logger;
  /**
   * For events with more keys: its `formatters.log` leaves the bound keys out of the object pino
   * serialises (its children's bindings write them). A parent of its own rather than a child under each
   * connection's `bound` logger: pino runs serializers over a child's bindings too, and a logger that is
   * another's prototype gets a shape of its own in V8, so a thousand of them would make every property
   * access in pino's write path a slow, megamorphic one. Children of one parent all share one shape.
   */
  boundAndMore: pino.Logger;
}

/**
 * The child loggers of the connections now writing; a channel's new connection replaces its old. Two
 * sockets writing on one channel at once (a second socket) keep replacing each other: their lines are
 * written unbound, the same bytes, only without the saving.
 */
export class ConnectionLoggers {
  private readonly byChannel = new Map<string, ChannelLoggers>();

  constructor(private readonly parents: BoundParents) {}

  /** How many channels' loggers are kept now. */
  get channels(): number {
    return this.byChannel.size;
  }

  /**
   * The logger for this kind on this connection, or null when the line is to be written unbound: its first
   * of this kind on this connection, or strings that must not be bound.
   */
  get(kind: string, channel: string, conn: number, shape: Exclude<EventShape, 'unbound'>): pino.Logger | null {
    let channelLoggers = this.byChannel.get(channel);
    if (channelLoggers === undefined || channelLoggers.conn !== conn) {
      if (SURROGATE.test(channel)) return null;
      if (channelLoggers === undefined && this.byChannel.size >= CHANNELS_KEPT) this.byChannel.clear();
      channelLoggers = { conn, kinds: [] };
      this.byChannel.set(channel, channelLoggers);
    }
    let loggers = kindIn(channelLoggers.kinds, kind);
    if (loggers === undefined) {
      if (SURROGATE.test(kind)) return null;
      loggers = { kind, seen: false, bound: null, boundAndMore: null };
      channelLoggers.kinds.push(loggers);
    }
    // A kind a connection writes once (open, close, its check) would cost a logger (2 µs, 300 bytes) for
    // nothing: it is bound from its second line, as a heartbeat, a ping or a pong is.
    if (!loggers.seen) {
      loggers.seen = true;
      return null;
    }
    if (shape === 'bound-only') {
      loggers.bound ??= this.parents.bound.child({ event: kind, channel, conn });
      return loggers.bound;
    }
    loggers.boundAndMore ??= this.parents.boundAndMore.child({ event: kind, channel, conn });
    return loggers.boundAndMore;
  }
}

function kindIn(kinds: readonly KindLoggers[], kind: string): KindLoggers | undefined {
  for (const loggers of kinds) if (loggers.kind === kind) return loggers;
  return undefined;
}

/** The event without its leading keys, the rest in its own order: what a bound logger's parent serialises. */
export function withoutLeadingKeys(event: Record<string, unknown>): Record<string, unknown> {
  const { event: _kind, channel: _channel, conn: _conn, ...rest } = event;
  return rest;
}

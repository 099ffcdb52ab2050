import { formatDuration } from '../clock/time-text.js';
import { shortChannelId } from '../protocol/channel-id.js';
import { type ClientView, isWarning, lifeAt, nextOpenAfter, type SocketLife } from './client-view.js';
import { counted } from './counted.js';
import { SOCKET_CLOSING_LEAD_MS } from './grade-rules.js';
import type { CardCheck } from './report-card.js';

interface Warned {
  at: number;
  life: SocketLife;
  /** When the warned socket stopped delivering: the service's close, a half-open path, or the documented lead. */
  closeAt: number;
  /** Whether the client's next socket came before that: in journal order, since a reconnect made on the close is
   * written after it even at the same millisecond. */
  beforeClose: boolean;
  next: SocketLife | undefined;
}

function warnings(view: ClientView): Warned[] {
  const out: Warned[] = [];
  for (const record of view.records) {
    if (!isWarning(record)) continue;
    const life = lifeAt(view, record);
    if (!life) continue;
    const serverEnd = life.end && life.endedBy === 'server' ? life.end.scenarioMs : Number.POSITIVE_INFINITY;
    const silentAt = life.halfOpen?.scenarioMs ?? Number.POSITIVE_INFINITY;
    const stop = Math.min(serverEnd, silentAt);
    const closeAt = Number.isFinite(stop) ? stop : record.scenarioMs + SOCKET_CLOSING_LEAD_MS;
    const next = nextOpenAfter(view, record.index, life);
    // A journal that ends before the close was due cannot say whether the client would have made it.
    if (!next && closeAt > view.endMs) continue;
    out.push({
      at: record.scenarioMs,
      life,
      closeAt,
      next,
      beforeClose: next !== undefined && cameFirst(life, next, closeAt),
    });
  }
  return out;
}

/** A socket replaced by the client's own new one on the same channel ends with this detail. */
const REPLACED = 'second-socket';

function cameFirst(warned: SocketLife, next: SocketLife, closeAt: number): boolean {
  const end = warned.endedBy === 'server' ? warned.end : null;
  if (end && end.scenarioMs === closeAt) return end.detail === REPLACED || next.open.index < end.index;
  return next.open.scenarioMs < closeAt || (warned.halfOpen !== null && next.open.index < warned.halfOpen.index);
}

/**
 * `reconnect-after-warning`: after `socket_closing`, a new socket opened no later than the service's
 * close of the warned one (a reconnect to the same channel is what makes the service close it).
 */
export function checkReconnectAfterWarning(view: ClientView): CardCheck {
  const id = 'reconnect-after-warning';
  const warned = warnings(view);
  if (warned.length === 0)
    return { id, result: 'not-exercised', evidence: 'No socket_closing warning reached this client.' };
  const late = warned.filter((w) => !w.beforeClose);
  const count = counted(warned.length, 'socket_closing warning');
  if (late.length === 0) {
    const slowest = warned.reduce((most, w) => Math.max(most, (w.next as SocketLife).open.scenarioMs - w.at), 0);
    return {
      id,
      result: 'pass',
      evidence: `After ${count} a new socket opened before the close each time, at most ${formatDuration(slowest)} after the warning.`,
    };
  }
  const first = late[0] as Warned;
  const then = first.next
    ? `the next socket opened only after it, at ${formatDuration(first.next.open.scenarioMs)}`
    : 'no new socket opened';
  return {
    id,
    result: 'fail',
    evidence: `Of ${count}, ${late.length} got no reconnect before the close: warned at ${formatDuration(first.at)}, closed at ${formatDuration(first.closeAt)}, ${then}.`,
  };
}

/** `same-channel-after-warning`: the socket opened after a warning is on the warned channel. */
export function checkSameChannelAfterWarning(view: ClientView): CardCheck {
  const id = 'same-channel-after-warning';
  const warned = warnings(view).filter((w) => w.next);
  if (warned.length === 0)
    return { id, result: 'not-exercised', evidence: 'No socket_closing warning was followed by a reconnect.' };
  const moved = warned.filter((w) => w.next?.channel !== w.life.channel);
  if (moved.length === 0)
    return {
      id,
      result: 'pass',
      evidence: `${warned.length === 1 ? 'The reconnect' : `All ${warned.length} reconnects`} after socket_closing went back to the warned channel (${shortChannelId(warned[0]?.life.channel ?? '')}).`,
    };
  const first = moved[0] as Warned;
  return {
    id,
    result: 'fail',
    evidence: `${moved.length} of ${warned.length} reconnects after socket_closing went to another channel: warned on ${shortChannelId(first.life.channel)} at ${formatDuration(first.at)}, reconnected on ${shortChannelId(first.next?.channel ?? '')}.`,
  };
}

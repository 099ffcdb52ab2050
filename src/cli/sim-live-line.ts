import { compactDuration, formatClockTime, scenarioClock } from '../clock/time-text.js';
import { maskChannelIds, shortChannelId } from '../protocol/channel-id.js';
import type { SimRecord } from '../sim/simulator.js';

/** The who column's width: a client id's first 8 characters, a slash and a user id's first 4. */
const WHO_WIDTH = 13;

/**
 * The simulator's journal as one line per record worth a person's eye, for its terminal: the wall time,
 * the scenario time, who, then what happened. Heartbeats would be most of the lines, so each socket's are
 * counted and shown on the line that ends it. Channel ids are shortened as everywhere a person may paste
 * from (the journal file has them whole). Lines never pass the terminal's width; written to a pipe or a
 * file, where there is no width, they are whole.
 */
export class LiveJournalView {
  private readonly heartbeats = new Map<number, number>();

  /** The line for this record, or null when it is not shown. `wallMs` is when it happened. */
  line(record: SimRecord, wallMs: number, columns?: number): string | null {
    const text = this.describe(record);
    if (text === null) return null;
    const line = `${formatClockTime(new Date(wallMs).toISOString())} ${scenarioClock(record.scenarioMs)} ${who(record)} ${text}`;
    return columns === undefined ? line : fit(line, columns);
  }

  private describe(record: SimRecord): string | null {
    const channel = record.channel === '' ? '' : shortChannelId(record.channel);
    const socket = record.socket === undefined ? channel : `#${record.socket} ${channel}`;
    switch (record.kind) {
      case 'heartbeat':
        if (record.socket !== undefined)
          this.heartbeats.set(record.socket, (this.heartbeats.get(record.socket) ?? 0) + 1);
        return null;
      case 'rest':
        return `${record.method} ${maskChannelIds(record.path ?? '')} -> ${record.status}${retry(record)}`;
      case 'token':
        return `token issued (${record.grant}, lives ${duration(record.expiresInMs)})`;
      case 'channel-created':
        return `channel ${channel} created (expires in ${duration(record.expiresInMs)})`;
      case 'subscriptions':
        return `${channel} subscribed by ${record.how}: ${record.topics} topic${record.topics === 1 ? '' : 's'}`;
      case 'open':
        return `${socket} socket opened`;
      case 'refused':
        return `socket to ${channel || '?'} refused ${record.status}${retry(record)}`;
      case 'pong':
        return `${socket} -> pong`;
      case 'warning':
      case 'notification':
        return `${socket} -> ${record.kind === 'warning' ? 'warning ' : ''}${maskChannelIds(record.detail ?? '')}`;
      case 'client-frame':
        return `${socket} <- ${record.detail}${record.detail === 'other' ? ` (${record.bytes} bytes)` : ''}`;
      case 'close':
        return `${socket} closed ${record.code} "${record.reason ?? ''}" by ${record.by} (${record.detail})${this.beats(record)}`;
      case 'drop':
        return `${socket} dropped: ${maskChannelIds(record.detail ?? '')}${this.beats(record)}`;
      case 'expire':
        return `channel ${channel} expired`;
      case 'evict':
        return `channel ${channel} evicted`;
      case 'token-revoked':
        return 'token revoked';
      case 'token-idle':
        return `${socket ? `${socket} ` : ''}token idled out`;
      case 'trigger':
        return `TRIGGER ${record.action} ${record.channel === '*' ? '*' : shortChannelId(record.channel)}: ${maskChannelIds(record.detail ?? '')}`;
    }
  }

  /** The heartbeats a socket was sent, for the line that ends it. */
  private beats(record: SimRecord): string {
    if (record.socket === undefined) return '';
    const count = this.heartbeats.get(record.socket) ?? 0;
    this.heartbeats.delete(record.socket);
    return `, after ${count} heartbeat${count === 1 ? '' : 's'}`;
  }
}

/** The client, short: the OAuth client id's first characters (and the user's), or `-` for none. */
function who(record: SimRecord): string {
  if (record.client === '') return '-'.padEnd(WHO_WIDTH);
  const [client = '', user] = record.client.split('/');
  return (user === undefined ? client.slice(0, 8) : `${client.slice(0, 8)}/${user.slice(0, 4)}`).padEnd(WHO_WIDTH);
}

function retry(record: SimRecord): string {
  return record.retryAfter === undefined ? '' : ` (Retry-After ${record.retryAfter}s)`;
}

function duration(ms: number | undefined): string {
  return ms === undefined ? '?' : compactDuration(ms);
}

function fit(line: string, columns: number): string {
  return line.length <= columns ? line : `${line.slice(0, Math.max(1, columns - 1))}…`;
}

import type { EventOf } from '../events/types.js';
import type { ConnectionTracker } from './connection-tracker.js';
import type { ClosureRow } from './summary.js';

/** A closed row of the current run that later events can still add evidence to. */
export interface PendingRow {
  row: ClosureRow;
  closeMono: number;
  silenceStart: number;
  tracker: ConnectionTracker;
}

/** How many closed rows of a run wait for post-close evidence: the probe reconnects one at a time. */
const PENDING_KEPT = 64;

/**
 * Evidence about a closure that the log holds only after the close: what the HEAD said about the channel,
 * a 401 before the next connection, and client-health windows reported late that overlap the silence
 * before it. Keeps the latest closed rows of the run and adds to their signals as such events arrive.
 */
export class AfterCloseEvidence {
  private pending: PendingRow[] = [];

  /** `reopenedAfter(mono)`: whether a connection of the run opened after that moment. */
  constructor(private readonly reopenedAfter: (mono: number) => boolean) {}

  closed(pending: PendingRow): void {
    this.pending.push(pending);
    if (this.pending.length > PENDING_KEPT) this.pending.shift();
  }

  clear(): void {
    this.pending = [];
  }

  /**
   * The probe checks the channel after a close before reconnecting (protocol.md: HEAD is the existence
   * check): `same` means it still existed, `new` that it was gone. Only the first reconnect after a close
   * counts, and a `channel-check`, when logged, says it more directly.
   */
  reconnect(event: EventOf<'reconnect'>): void {
    // A reconnect to a new channel may not name the old one; it follows the latest close.
    const unnamed = typeof event.channel !== 'string' || event.channel === '';
    const latest = this.pending[this.pending.length - 1];
    for (const pending of this.pending) {
      if (pending.row.signals.channelAfter !== null) continue;
      if (pending.row.channel === event.channel || (unnamed && pending === latest)) {
        pending.row.signals.channelAfter = event.target === 'new' ? 'gone' : 'exists';
      }
    }
  }

  /** The HEAD after a close, logged as it was answered: the most direct evidence of the channel's fate. */
  channelCheck(event: EventOf<'channel-check'>): void {
    for (const pending of this.pending) {
      if (
        pending.row.channel === event.channel &&
        (pending.row.connection === event.conn || pending.row.signals.channelAfter === null)
      ) {
        pending.row.signals.channelAfter = event.exists ? 'exists' : 'gone';
      }
    }
  }

  /** A 401 after a close and before the next open: the token died with the connection (closure-causes.md). */
  error(event: EventOf<'error'>): void {
    if (event.code !== 'IDLEPROBE_ERR_AUTH') return;
    const latest = this.pending[this.pending.length - 1];
    if (latest && !this.reopenedAfter(latest.closeMono)) latest.row.signals.tokenRejectedAfter = true;
  }

  /** A health window reported after a close may cover the silence before it. */
  health(event: EventOf<'health'>): void {
    for (const pending of this.pending) pending.row.signals.healthReported = true;
    const delay = event.loopDelayMaxMs;
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay <= 0) return;
    this.cover(event.mono - (event.windowMs ?? 0), event.mono, (p) => {
      p.row.signals.loopStallMs = Math.max(p.row.signals.loopStallMs ?? 0, p.tracker.scale(delay));
    });
  }

  clockJump(event: EventOf<'clock-jump'>): void {
    const jump = Math.abs(event.jumpMs);
    this.cover(event.mono - (event.monoDeltaMs ?? 0), event.mono, (p) => {
      p.row.signals.clockJumpMs = Math.max(p.row.signals.clockJumpMs ?? 0, p.tracker.scale(jump));
    });
  }

  /** Applies a client-health window reported after a close to the closed rows whose silence it overlaps. */
  private cover(from: number, to: number, apply: (pending: PendingRow) => void): void {
    for (const pending of this.pending) {
      if (from <= pending.closeMono && to >= pending.silenceStart && to > pending.closeMono) apply(pending);
    }
  }
}

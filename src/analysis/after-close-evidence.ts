import type { EventOf } from '../events/types.js';
import {
  type AfterCloseSignals,
  type ClosureDraft,
  noAfterCloseSignals,
  type SettledClosure,
} from './closure-draft.js';
import { scenarioMs } from './scenario-time.js';

/** A closed connection of the current run and the evidence gathered about it since its close. */
interface Awaiting {
  draft: ClosureDraft;
  after: AfterCloseSignals;
}

/** How many closures of a run wait for post-close evidence: the probe reconnects one at a time. */
const AWAITING_KEPT = 64;

/**
 * Evidence about a closure that the log holds only after the close: what the HEAD said about the channel,
 * a 401 before the next connection, and client-health windows reported late that overlap the silence
 * before it. Holds the latest closures of the run as drafts and gathers such evidence beside them; a
 * closure is settled once no more can come (it left the window, or its run or log ended), and nothing
 * changes it after that.
 */
export class AfterCloseEvidence {
  private awaiting: Awaiting[] = [];

  /** `reopenedAfter(mono)`: whether a connection of the run opened after that moment. */
  constructor(private readonly reopenedAfter: (mono: number) => boolean) {}

  /** A connection closed. Returns the closures that no later event can add to any more. */
  closed(draft: ClosureDraft): SettledClosure[] {
    this.awaiting.push({ draft, after: noAfterCloseSignals() });
    if (this.awaiting.length <= AWAITING_KEPT) return [];
    const oldest = this.awaiting.shift() as Awaiting;
    return [{ facts: oldest.draft.facts, after: oldest.after }];
  }

  /** The run or the log ended: every closure waiting has all its evidence. Returns them, in close order. */
  settle(): SettledClosure[] {
    const settled = this.awaiting.map(({ draft, after }) => ({ facts: draft.facts, after }));
    this.awaiting = [];
    return settled;
  }

  /** The closures still waiting, as the evidence stands now (for a summary in mid-stream). */
  soFar(): SettledClosure[] {
    return this.awaiting.map(({ draft, after }) => ({ facts: draft.facts, after: { ...after } }));
  }

  /** The closure of that connection while it still waits for evidence, as the evidence stands now; or null. */
  find(channel: string, conn: number): SettledClosure | null {
    for (let i = this.awaiting.length - 1; i >= 0; i -= 1) {
      const { draft, after } = this.awaiting[i] as Awaiting;
      if (draft.facts.channel === channel && draft.facts.connection === conn)
        return { facts: draft.facts, after: { ...after } };
    }
    return null;
  }

  /**
   * The probe checks the channel after a close before reconnecting (protocol.md: HEAD is the existence
   * check): `same` means it still existed, `new` that it was gone. Only the first reconnect after a close
   * counts, and a `channel-check`, when logged, says it more directly.
   */
  reconnect(event: EventOf<'reconnect'>): void {
    // A reconnect to a new channel may not name the old one; it follows the latest close.
    const unnamed = event.channel === '';
    const latest = this.awaiting[this.awaiting.length - 1];
    for (const entry of this.awaiting) {
      if (entry.after.channelAfter !== null) continue;
      if (entry.draft.facts.channel === event.channel || (unnamed && entry === latest)) {
        entry.after.channelAfter = event.target === 'new' ? 'gone' : 'exists';
      }
    }
  }

  /** The HEAD after a close, logged as it was answered: the most direct evidence of the channel's fate. */
  channelCheck(event: EventOf<'channel-check'>): void {
    for (const { draft, after } of this.awaiting) {
      if (
        draft.facts.channel === event.channel &&
        (draft.facts.connection === event.conn || after.channelAfter === null)
      ) {
        after.channelAfter = event.exists ? 'exists' : 'gone';
      }
    }
  }

  /** A 401 after a close and before the next open: the token died with the connection (closure-causes.md). */
  error(event: EventOf<'error'>): void {
    if (event.code !== 'IDLEPROBE_ERR_AUTH') return;
    const latest = this.awaiting[this.awaiting.length - 1];
    if (latest && !this.reopenedAfter(latest.draft.closeMono)) latest.after.tokenRejectedAfter = true;
  }

  /** A health window reported after a close may cover the silence before it. */
  health(event: EventOf<'health'>): void {
    for (const { after } of this.awaiting) after.healthReported = true;
    const delay = event.loopDelayMaxMs;
    if (delay <= 0) return;
    this.cover(event.mono - event.windowMs, event.mono, ({ draft, after }) => {
      after.loopStallMs = Math.max(after.loopStallMs ?? 0, scenarioMs(delay, draft.timeScale));
    });
  }

  clockJump(event: EventOf<'clock-jump'>): void {
    const jump = Math.abs(event.jumpMs);
    this.cover(event.mono - event.monoDeltaMs, event.mono, ({ draft, after }) => {
      after.clockJumpMs = Math.max(after.clockJumpMs ?? 0, scenarioMs(jump, draft.timeScale));
    });
  }

  /** Applies a client-health window reported after a close to the closures whose silence it overlaps. */
  private cover(from: number, to: number, apply: (entry: Awaiting) => void): void {
    for (const entry of this.awaiting) {
      const { closeMono, silenceStart } = entry.draft;
      if (from <= closeMono && to >= silenceStart && to > closeMono) apply(entry);
    }
  }
}

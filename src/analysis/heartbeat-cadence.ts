import { HEARTBEAT_INTERVAL_MS, LATE_HEARTBEAT_MARGIN_MS } from '../protocol/timing.js';

/** A gap longer than this means at least one heartbeat went missing (closure-causes.md: 1.5 x 30 s). */
export const MISSED_HEARTBEAT_THRESHOLD_MS = HEARTBEAT_INTERVAL_MS + LATE_HEARTBEAT_MARGIN_MS;

/** One connection's heartbeats, folded in one gap at a time so that no list of beats is kept. */
export class HeartbeatCadence {
  count = 0;
  /** The largest gap (scenario ms) from the open to the first beat and between beats, or null before any. */
  maxGapMs: number | null = null;
  /** Beats missing from those gaps. */
  missed = 0;

  /** A heartbeat arrived `gapMs` (scenario time) after the previous one, or after the open. */
  beat(gapMs: number): void {
    this.count += 1;
    if (this.maxGapMs === null || gapMs > this.maxGapMs) this.maxGapMs = gapMs;
    if (gapMs > MISSED_HEARTBEAT_THRESHOLD_MS) {
      // A 60 s gap skipped one beat, a 90 s gap two; anything past the threshold skipped at least one.
      this.missed += Math.max(1, Math.round(gapMs / HEARTBEAT_INTERVAL_MS) - 1);
    }
  }
}

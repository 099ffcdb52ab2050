import type { Clock, Timer } from './clock.js';

interface PendingTimer {
  dueAt: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. Timers fire in due order (ties in creation order) while
 * `advance` walks time forward, so tests of watchdogs and schedules are exact and instant.
 */
export class ManualClock implements Clock {
  private mono = 0;
  private wall: number;
  private nextOrder = 0;
  private pending: PendingTimer[] = [];

  constructor(startWallMs = Date.UTC(2026, 0, 1)) {
    this.wall = startWallMs;
  }

  wallNow(): number {
    return this.wall;
  }

  monoNow(): number {
    return this.mono;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const timer: PendingTimer = { dueAt: this.mono + Math.max(0, ms), order: this.nextOrder++, fn, cancelled: false };
    this.pending.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves both clocks forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.mono + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.pending = this.pending.filter((t) => t !== next);
      this.wall += next.dueAt - this.mono;
      this.mono = next.dueAt;
      next.fn();
    }
    this.wall += target - this.mono;
    this.mono = target;
  }

  /** Moves wall time alone, as a laptop waking from sleep or an NTP step would. */
  jumpWall(ms: number): void {
    this.wall += ms;
  }

  /** Milliseconds until the next timer falls due (0 when one is due now), or null when none is waiting. */
  nextDueIn(): number | null {
    const next = this.nextDue(Number.POSITIVE_INFINITY);
    return next ? next.dueAt - this.mono : null;
  }

  /** How many timers are still waiting: lets tests prove that nothing was left scheduled. */
  pendingCount(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.pending) {
      if (t.cancelled || t.dueAt > limit) continue;
      if (!best || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.order < best.order)) best = t;
    }
    if (!best) this.pending = this.pending.filter((t) => !t.cancelled);
    return best;
  }
}

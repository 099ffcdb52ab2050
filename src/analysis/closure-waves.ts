import { round } from '../clock/round.js';
import { sameDuration } from './intermediary-timers.js';
import type { ClosureRow, ClosureWave } from './summary.js';

/**
 * How close in wall time closures must come to be one wave (scenario time): "a few seconds", enough for
 * a service restarting its nodes one after another and for the clocks of several machines to disagree.
 */
export const WAVE_WINDOW_MS = 5_000;

/**
 * Closures on two or more channels within a few seconds of each other, of connections that had been open
 * for different times: a timer counting from the open cannot line those up, an event on the service's side
 * (maintenance, a node restarting) can, so this is the maintenance signature even without a warning.
 * Connections opened together and closed together are left out: a timer explains them, and the age
 * clusters already say so. Found from the rows alone, sorted by wall time, so memory stays what the rows take.
 * A window of scenario time is a different wall window at each time scale, so each scale is searched apart.
 */
export function closureWaves(closures: readonly ClosureRow[]): ClosureWave[] {
  const byScale = new Map<number, Stamped[]>();
  for (const row of closures) {
    const wallMs = Date.parse(row.closedAt);
    if (Number.isNaN(wallMs)) continue;
    const list = byScale.get(row.timeScale) ?? [];
    list.push({ wallMs, row });
    byScale.set(row.timeScale, list);
  }
  const waves: Array<{ wallMs: number; wave: ClosureWave }> = [];
  for (const [scale, list] of byScale) {
    list.sort((a, b) => a.wallMs - b.wallMs);
    for (const found of wavesIn(list, scale)) waves.push(found);
  }
  return waves.sort((a, b) => a.wallMs - b.wallMs).map(({ wave }) => wave);
}

interface Stamped {
  wallMs: number;
  row: ClosureRow;
}

/**
 * The waves among closures sorted by wall time, each anchored at its first closure and taking every
 * closure within the window after it. A window that is no wave moves on by one closure; one that is moves
 * past its last. The window's channels and its youngest and oldest ages are kept up to date as it slides
 * (a count per channel, two monotonic queues), so a burst of thousands of closures costs linear time.
 */
function* wavesIn(list: readonly Stamped[], scale: number): Generator<{ wallMs: number; wave: ClosureWave }> {
  const windowMs = WAVE_WINDOW_MS / scale;
  const window = new SlidingWindow();
  let end = 0;
  for (let start = 0; start < list.length; ) {
    const first = list[start] as Stamped;
    while (end < list.length && (list[end] as Stamped).wallMs - first.wallMs <= windowMs) {
      window.add(list[end] as Stamped, end);
      end += 1;
    }
    if (window.isWave()) {
      yield { wallMs: first.wallMs, wave: describeWave(list.slice(start, end), scale, window) };
      window.clear();
      start = end;
    } else {
      window.remove(first, start);
      start += 1;
    }
  }
}

/** The closures between two indexes of the sorted list: their channels, and their youngest and oldest ages. */
class SlidingWindow {
  private readonly perChannel = new Map<string, number>();
  /** Indexes into the list, ages ascending (youngest first) and descending (oldest first). */
  private youngest: Array<{ index: number; age: number }> = [];
  private oldest: Array<{ index: number; age: number }> = [];
  private youngestHead = 0;
  private oldestHead = 0;

  add({ row }: Stamped, index: number): void {
    this.perChannel.set(row.channel, (this.perChannel.get(row.channel) ?? 0) + 1);
    const age = row.lifetimeMs;
    while (this.youngest.length > this.youngestHead && (this.youngest.at(-1)?.age ?? 0) >= age) this.youngest.pop();
    this.youngest.push({ index, age });
    while (this.oldest.length > this.oldestHead && (this.oldest.at(-1)?.age ?? 0) <= age) this.oldest.pop();
    this.oldest.push({ index, age });
  }

  remove({ row }: Stamped, index: number): void {
    const left = (this.perChannel.get(row.channel) ?? 1) - 1;
    if (left === 0) this.perChannel.delete(row.channel);
    else this.perChannel.set(row.channel, left);
    if (this.youngest[this.youngestHead]?.index === index) this.youngestHead += 1;
    if (this.oldest[this.oldestHead]?.index === index) this.oldestHead += 1;
  }

  clear(): void {
    this.perChannel.clear();
    this.youngest = [];
    this.oldest = [];
    this.youngestHead = 0;
    this.oldestHead = 0;
  }

  get channels(): number {
    return this.perChannel.size;
  }

  get minAgeMs(): number {
    return this.youngest[this.youngestHead]?.age ?? 0;
  }

  get maxAgeMs(): number {
    return this.oldest[this.oldestHead]?.age ?? 0;
  }

  /** Two channels or more, at ages that are not one duration: connections that had been open for different times. */
  isWave(): boolean {
    return this.channels >= 2 && !sameDuration(this.minAgeMs, this.maxAgeMs);
  }
}

function describeWave(members: readonly Stamped[], scale: number, window: SlidingWindow): ClosureWave {
  const first = members[0] as Stamped;
  const last = members[members.length - 1] as Stamped;
  return {
    at: first.row.closedAt,
    withinMs: round((last.wallMs - first.wallMs) * scale, 1),
    closures: members.length,
    channels: window.channels,
    sources: new Set(members.map(({ row }) => row.source)).size,
    minAgeMs: window.minAgeMs,
    maxAgeMs: window.maxAgeMs,
  };
}

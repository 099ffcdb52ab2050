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
  const byScale = new Map<number, Array<{ wallMs: number; row: ClosureRow }>>();
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
    const windowMs = WAVE_WINDOW_MS / scale;
    let end = 0;
    for (let start = 0; start < list.length; ) {
      const first = list[start] as { wallMs: number; row: ClosureRow };
      end = Math.max(end, start + 1);
      while (end < list.length && (list[end] as { wallMs: number }).wallMs - first.wallMs <= windowMs) end += 1;
      const members = list.slice(start, end);
      const wave = describeWave(members, scale);
      if (wave) {
        waves.push({ wallMs: first.wallMs, wave });
        start = end;
      } else start += 1;
    }
  }
  return waves.sort((a, b) => a.wallMs - b.wallMs).map(({ wave }) => wave);
}

function describeWave(members: Array<{ wallMs: number; row: ClosureRow }>, scale: number): ClosureWave | null {
  if (members.length < 2) return null;
  const channels = new Set(members.map(({ row }) => row.channel));
  if (channels.size < 2) return null;
  const ages = members.map(({ row }) => row.lifetimeMs);
  const minAgeMs = Math.min(...ages);
  const maxAgeMs = Math.max(...ages);
  if (sameDuration(minAgeMs, maxAgeMs)) return null;
  const first = members[0] as { wallMs: number; row: ClosureRow };
  const last = members[members.length - 1] as { wallMs: number };
  return {
    at: first.row.closedAt,
    withinMs: round((last.wallMs - first.wallMs) * scale, 1),
    closures: members.length,
    channels: channels.size,
    sources: new Set(members.map(({ row }) => row.source)).size,
    minAgeMs,
    maxAgeMs,
  };
}

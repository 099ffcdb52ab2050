import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration.js';

dayjs.extend(duration);

/** What a duration cell shows when that kind of frame never happened. */
export const NO_VALUE = '—';

/**
 * The one way durations are written for people: `812ms` under a second, `42.5s` under a minute,
 * `14m 59.8s` under an hour, `1h 02m 03.0s` beyond (hours keep counting past a day, since a channel lives
 * 24 h and `24h 00m 00.0s` reads better than a day count). Tenths of a second are enough to tell a
 * 15-minute timer from heartbeat jitter; whole milliseconds show only where they matter, under a second.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return NO_VALUE;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  // Round once, to tenths of a second, before splitting, so 59.96 s becomes 1m 00.0s and not 60.0s.
  const span = dayjs.duration(Math.round(ms / 100) * 100);
  const hours = Math.floor(span.asHours());
  const minutes = span.minutes();
  const seconds = `${span.seconds()}.${Math.floor(span.milliseconds() / 100)}`;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m ${seconds.padStart(4, '0')}s`;
  if (minutes > 0) return `${minutes}m ${seconds.padStart(4, '0')}s`;
  return `${seconds}s`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

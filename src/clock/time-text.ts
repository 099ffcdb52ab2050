/**
 * Time as people read and type it, in one place: durations parsed from flags and written in summaries,
 * the compact labels of keepalive intervals, wall times in rows and headers, and the log file's name stamp.
 * dayjs is used here and nowhere else.
 */
import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration.js';
import utc from 'dayjs/plugin/utc.js';
import { IdleprobeError } from '../errors.js';

// Here too for every caller of time text; it lives apart so `--help` can show a default without loading dayjs.
export { compactDuration } from './compact-duration.js';

dayjs.extend(duration);
dayjs.extend(utc);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/**
 * The longest duration a flag accepts: a year. Every timer of any length fires on time (long-timer.ts),
 * but no run, keepalive or closure age is longer than this, so a longer value is a typo (`30000d`) or a
 * number too large to be exact, and it is refused before anything starts rather than obeyed.
 */
export const MAX_DURATION_MS = 365 * 86_400_000;

/**
 * Parses a duration as people type it: `30s`, `15m`, `1h30m`, `250ms`, `1.5h`. A bare number is seconds,
 * since that is what a person means by `--ping 30`.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return withinCap(Math.round(Number(trimmed) * 1000), text, what);
  let total = 0;
  let consumed = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = PART.lastIndex;
  }
  if (trimmed === '' || consumed !== trimmed.length) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `${what} "${text}" is not a duration: write it like 30s, 15m, 1h30m or 250ms (a bare number means seconds).`,
    );
  }
  return withinCap(Math.round(total), text, what);
}

function withinCap(ms: number, text: string, what: string): number {
  if (ms <= MAX_DURATION_MS) return ms;
  throw new IdleprobeError(
    'IDLEPROBE_ERR_USAGE',
    `${what} "${text}" is longer than ${MAX_DURATION_MS / 86_400_000}d, the longest duration idleprobe takes: no run, keepalive or closure age needs more.`,
  );
}

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

/** A wall time as `HH:mm:ss.SSS` in UTC: the run's date is in the header, rows only need the time of day. */
export function formatClockTime(iso: string): string {
  const at = dayjs.utc(iso);
  return at.isValid() ? at.format('HH:mm:ss.SSS') : iso;
}

/** A wall time as `HH:mm:ss` in UTC: when something happened, in a sentence. */
export function formatClockSecond(iso: string): string {
  const at = dayjs.utc(iso);
  return at.isValid() ? at.format('HH:mm:ss') : iso;
}

/**
 * A duration rounded as it is said in a sentence of advice, `20 s`, `400 ms`, `15 min`, `2 h`: the timers
 * it is compared with are round numbers, and tenths of a second would only get in the way.
 */
export function spokenDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  // Under 10 s a tenth still matters (a 1.5 s timer is not a 2 s one).
  if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 120_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** A wall time as `YYYY-MM-DD HH:mm:ss UTC`, for headers. */
export function formatDateTime(iso: string | null): string {
  if (iso === null) return 'unknown';
  const at = dayjs.utc(iso);
  return at.isValid() ? at.format('YYYY-MM-DD HH:mm:ss [UTC]') : iso;
}

/** The UTC stamp in a default log file's name, `20261127-101500`: sortable, and legal on every file system. */
export function logFileStamp(wallMs: number): string {
  return dayjs.utc(wallMs).format('YYYYMMDD-HHmmss');
}

/** Scenario time since a start as a clock that keeps counting past a day, `+01:02:03`, `+26:00:00`. */
export function scenarioClock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  return `+${pad2(hours)}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

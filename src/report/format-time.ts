import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);

/** A wall time as `HH:mm:ss.SSS` in UTC: the run's date is in the header, rows only need the time of day. */
export function formatClockTime(iso: string): string {
  const at = dayjs.utc(iso);
  return at.isValid() ? at.format('HH:mm:ss.SSS') : iso;
}

/** A wall time as `YYYY-MM-DD HH:mm:ss UTC`, for headers. */
export function formatDateTime(iso: string | null): string {
  if (iso === null) return 'unknown';
  const at = dayjs.utc(iso);
  return at.isValid() ? at.format('YYYY-MM-DD HH:mm:ss [UTC]') : iso;
}

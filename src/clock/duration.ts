import { IdleprobeError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/**
 * Parses a duration as people type it: `30s`, `15m`, `1h30m`, `250ms`, `1.5h`. A bare number is seconds,
 * since that is what a person means by `--ping 30`.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
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
  return Math.round(total);
}

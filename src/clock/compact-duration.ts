/**
 * The flag spelling of a duration, on its own and free of dayjs: `run --help` shows a default in it, and
 * help must not pay for loading a date library. time-text.ts re-exports it beside the rest of the time text.
 */

/** A duration as a flag would spell it, largest units first: `30s`, `1m30s`, `250ms`, `2h`. */
export function compactDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    const whole = Math.floor(rest / size);
    if (whole > 0) out += `${whole}${unit}`;
    rest -= whole * size;
  }
  if (rest > 0 || out === '') out += `${rest}ms`;
  return out;
}

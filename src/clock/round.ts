/**
 * Rounds to a number of decimals. Milliseconds in events carry 3 (a microsecond, finer than any stamp can
 * be trusted); durations in a summary and coordinates in the SVG timeline carry 1.
 */
export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

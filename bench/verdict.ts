/**
 * What a benchmark hands back to run-all: the text it prints, and one line of the closing table per bar
 * it holds (or per headline figure, for a benchmark that holds none), so one glance at the end of
 * `npm run bench` tells which bars are met.
 */
export interface Verdict {
  /** The bar as the issue states it, short: "report/bare <= 1.5x". "none" for a figure shown only for reference. */
  bar: string;
  /** The figure measured against the bar, with its unit or ratio. */
  figure: string;
  /** null: no bar to meet. */
  met: boolean | null;
}

export interface BenchResult {
  text: string;
  verdicts: Verdict[];
}

export function verdict(bar: string, figure: string, met: boolean | null): Verdict {
  return { bar, figure, met };
}

/** "met", "NOT MET" or "-" (no bar), as the benchmarks print it beside each ratio. */
export function metText(met: boolean | null): string {
  return met === null ? '-' : met ? 'met' : 'NOT MET';
}

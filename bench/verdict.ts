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

/** One benchmark's place in the closing table: its name, the seconds it took, and its bars. */
export interface BenchRow {
  name: string;
  seconds: number;
  /** null: the benchmark failed before it could hand back any. */
  verdicts: Verdict[] | null;
}

/**
 * The table `npm run bench` ends with: a line per bar (a benchmark's name and time on its first), columns
 * padded to the widest cell, then how many bars were met and the total time. A failed benchmark counts as
 * one bar not met, so a run that breaks never reads as all met.
 */
export function verdictTable(benches: BenchRow[], totalSeconds: number): string {
  const lines: Array<{ cells: string[]; met: boolean | null }> = [];
  for (const { name, seconds, verdicts } of benches) {
    const shown = verdicts ?? [verdict('(failed)', '-', false)];
    shown.forEach(({ bar, figure, met }, index) => {
      const first = index === 0;
      lines.push({
        cells: [first ? name : '', bar, figure, metText(met), first ? `${seconds.toFixed(0)} s` : ''],
        met,
      });
    });
  }
  const header = ['benchmark', 'bar', 'figure', 'verdict', 'time'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map(({ cells }) => (cells[column] ?? '').length)),
  );
  const format = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const held = lines.filter(({ met }) => met !== null);
  return [
    format(header),
    format(widths.map((width) => '-'.repeat(width))),
    ...lines.map(({ cells }) => format(cells)),
    '',
    `${held.filter(({ met }) => met).length} of ${held.length} bars met; total ${totalSeconds.toFixed(0)} s`,
  ].join('\n');
}

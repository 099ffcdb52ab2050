import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type BenchResult, type Verdict, verdict } from './verdict.js';

/**
 * How long a command takes to start, against `node -e 0`: the floor any Node CLI pays. The CLI's start is
 * one bundled module (scripts/bundle-start.mjs) and each command loads its code when it runs, so `--version`
 * and `--help` should stay near that floor and `report` on a small log should not pay for the probe's network
 * stack. Bar: 1.5x for `--version`, `--help` and `run --help`.
 *
 * Each command is timed right beside a `node -e 0` of its own, in alternating order, and the ratio is the
 * median of those pairs' ratios: a burst of load from another process falls on both halves of a pair, where
 * a ratio of two medians taken over the whole run lets it fall on one side only.
 */
const RUNS = 15;
const BAR = 1.5;
const BIN = fileURLToPath(new URL('../../bin/idleprobe.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/logs/idle-timeout.ndjson', import.meta.url));
const FLOOR = ['-e', '0'];

function wallMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchStartup(): Promise<BenchResult> {
  const commands: Array<[string, string[], number | null]> = [
    ['--version', [BIN, '--version'], BAR],
    ['--help', [BIN, '--help'], BAR],
    ['run --help', [BIN, 'run', '--help'], BAR],
    ['report on a small log', [BIN, 'report', FIXTURE], null],
  ];
  const load = loadavg()[0] ?? 0;
  const floor: number[] = [];
  const samples = commands.map((): number[] => []);
  const ratios = commands.map((): number[] => []);
  for (let run = 0; run < RUNS; run += 1) {
    for (const [index, [, args]] of commands.entries()) {
      // The floor first in even rounds and second in odd ones, so neither side always runs on a warmer cache.
      const [before, after] = run % 2 === 0 ? [wallMs(FLOOR), wallMs(args)] : [wallMs(args), wallMs(FLOOR)];
      const [base, ms] = run % 2 === 0 ? [before, after] : [after, before];
      floor.push(base);
      samples[index]?.push(ms);
      ratios[index]?.push(ms / base);
    }
  }
  const lines = [
    `startup: ${RUNS} rounds, each command beside a node -e 0 of its own (median ${median(floor).toFixed(0)} ms here; load average ${load.toFixed(1)} at the start)`,
  ];
  const verdicts: Verdict[] = [];
  commands.forEach(([name, , bar], index) => {
    const ms = median(samples[index] ?? []);
    const ratio = median(ratios[index] ?? []);
    if (bar !== null) verdicts.push(verdict(`${name} / node -e 0 <= ${bar}x`, `${ratio.toFixed(2)}x`, ratio <= bar));
    const shown = bar === null ? '' : ratio <= bar ? `  bar ${bar}x: met` : `  bar ${bar}x: NOT MET`;
    lines.push(`  ${name.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x${shown}`);
  });
  return { text: lines.join('\n'), verdicts };
}

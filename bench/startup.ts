import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchResult, type Verdict, verdict } from './verdict.js';

/**
 * How long a command takes to start, against `node -e 0` measured in the same run: the floor any Node CLI
 * pays. Commands load their code only when they run, so `--version` and `--help` should stay near that
 * floor and `report` on a small log should not pay for the probe's network stack. Bar: 1.5x for
 * `--version` and `--help`. Medians of paired, interleaved runs, so a burst of load hits both sides.
 */
const RUNS = 15;
const BAR = 1.5;
const BIN = fileURLToPath(new URL('../../bin/idleprobe.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/logs/idle-timeout.ndjson', import.meta.url));

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
  const floor: number[] = [];
  const samples = commands.map((): number[] => []);
  for (let run = 0; run < RUNS; run += 1) {
    floor.push(wallMs(['-e', '0']));
    for (const [index, [, args]] of commands.entries()) samples[index]?.push(wallMs(args));
  }
  const base = median(floor);
  const lines = [`startup: median of ${RUNS} runs against node -e 0 (${base.toFixed(0)} ms here)`];
  const verdicts: Verdict[] = [];
  commands.forEach(([name, , bar], index) => {
    const ms = median(samples[index] ?? []);
    const ratio = ms / base;
    if (bar !== null) verdicts.push(verdict(`${name} / node -e 0 <= ${bar}x`, `${ratio.toFixed(2)}x`, ratio <= bar));
    const shown = bar === null ? '' : ratio <= bar ? `  bar ${bar}x: met` : `  bar ${bar}x: NOT MET`;
    lines.push(`  ${name.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x${shown}`);
  });
  return { text: lines.join('\n'), verdicts };
}

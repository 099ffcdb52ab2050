import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaleEvents } from '../test/support/scale-events.js';
import { BARE_LOOP, BIN, median, runChild } from './child-run.js';
import { soakFolder, soakLog } from './soak-logs.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * Peak RSS of `report --format json`, each run its own process reporting `process.resourceUsage().maxRSS`
 * (bench/max-rss.ts); one run each, as a peak varies little from run to run and the 5M run is the
 * longest of the offline benchmarks:
 * - in log size: the generated soak log at 1,000,000 and 5,000,000 events (bench/soak-log.ts, about one
 *   closure per 850 events), beside the bare readline + JSON.parse loop on the same files. Bar: the 5M
 *   run's peak within 10% of the 1M run's.
 * - in closures: logs of 10,000 and 100,000 closures (test/support/scale-events.ts, 20 reconnecting
 *   channels). The summary's rows are what grows here; the figure shows what each costs.
 */
const SIZES = [1_000_000, 5_000_000] as const;
const CLOSURES = [10_000, 100_000] as const;
const ROUNDS = 1;
const BAR = 1.1;

async function peakRss(args: string[]): Promise<number> {
  const peaks: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) peaks.push((await runChild(null, args)).maxRssBytes ?? Number.NaN);
  return median(peaks);
}

function closuresLog(closures: number): string {
  const path = join(soakFolder(), `closures-${closures}.ndjson`);
  const lines: string[] = [];
  for (const event of scaleEvents({ closures, neverClosed: 0, channels: 20 }))
    lines.push(JSON.stringify({ level: 'info', ...event }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export async function benchReportMemory(): Promise<BenchResult> {
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
  const lines = [`report memory: peak RSS of report --format json, each run a process`];
  const bySize: number[] = [];
  for (const events of SIZES) {
    const log = soakLog(events);
    const report = await peakRss([BIN, 'report', '--format', 'json', log.path]);
    const bare = await peakRss([BARE_LOOP, log.path]);
    bySize.push(report);
    lines.push(
      `  ${events.toLocaleString('en').padStart(9)} events (${log.closures.toLocaleString('en')} closures): report ${mb(report)}, bare loop ${mb(bare)}`,
    );
  }
  const [small = Number.NaN, large = Number.NaN] = bySize;
  lines.push(`  5M / 1M: ${(large / small).toFixed(2)}x  bar ${BAR}x: ${large / small <= BAR ? 'met' : 'NOT MET'}`);
  const byClosures: number[] = [];
  for (const closures of CLOSURES) {
    const report = await peakRss([BIN, 'report', '--format', 'json', closuresLog(closures)]);
    byClosures.push(report);
    lines.push(`  ${closures.toLocaleString('en').padStart(9)} closures: report ${mb(report)}`);
  }
  const [few = Number.NaN, many = Number.NaN] = byClosures;
  lines.push(
    `  per closure: ${((many - few) / (CLOSURES[1] - CLOSURES[0]) / 1024).toFixed(2)} KB of peak RSS (${(many / few).toFixed(2)}x for 10x the closures)`,
  );
  return {
    text: lines.join('\n'),
    verdicts: [
      verdict(`peak RSS 5M / 1M events <= ${BAR}x`, `${(large / small).toFixed(2)}x`, large / small <= BAR),
      verdict('none (peak RSS, 10x the closures)', `${(many / few).toFixed(2)}x, ${mb(few)} -> ${mb(many)}`, null),
    ],
  };
}

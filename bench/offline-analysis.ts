import { existsSync } from 'node:fs';
import { BARE_LOOP, BIN, median, runChild } from './child-run.js';
import { soakLog } from './soak-logs.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * `report --format json` on a generated soak log of 1,000,000 events (bench/soak-log.ts), against `jq`
 * counting the close events by code over the same file, and against the bare limit: a Node loop that reads
 * the lines with readline and `JSON.parse`s each (bench/bare-loop.ts). Each side is its own process, timed
 * from spawn to exit, so all three pay for starting up and reading the file; the rounds alternate the
 * sides so that load on the machine falls on each, and the medians count (jq's of its first JQ_ROUNDS). Bars: faster than jq, and within
 * 1.5x of the bare loop.
 */
const EVENTS = 1_000_000;
const ROUNDS = 5;
/**
 * jq takes three to four times as long as the report and its bar is met by that much: the median of its
 * first three rounds settles it, and two more would cost a fifth of the whole `npm run bench`.
 */
const JQ_ROUNDS = 3;
const JQ = '/usr/bin/jq';
const BAR_BARE = 1.5;
const JQ_PROGRAM = '[inputs | select(.event == "close") | .code] | group_by(.) | map({code: .[0], closures: length})';

export async function benchOfflineAnalysis(): Promise<BenchResult> {
  const log = soakLog(EVENTS);
  const jq = existsSync(JQ);
  const sides: Array<[string, () => Promise<number>]> = [
    ['report --format json', async () => (await runChild(null, [BIN, 'report', '--format', 'json', log.path])).wallMs],
    ['bare readline + JSON.parse', async () => (await runChild(null, [BARE_LOOP, log.path])).wallMs],
  ];
  if (jq)
    sides.push(['jq aggregation of closes', async () => (await runChild(JQ, ['-n', JQ_PROGRAM, log.path])).wallMs]);
  const times = sides.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, [, side]] of sides.entries())
      if (index < 2 || round < JQ_ROUNDS) times[index]?.push(await side());
  }
  const [report = Number.NaN, bare = Number.NaN, jqMs = Number.NaN] = times.map(median);
  const mb = (log.bytes / 1_048_576).toFixed(0);
  const lines = [
    `offline analysis: ${log.events.toLocaleString('en')} events (${mb} MB, ${log.closures.toLocaleString('en')} closures), median of ${ROUNDS} alternating rounds (jq ${JQ_ROUNDS}), each side a process`,
    `  report --format json        ${report.toFixed(0).padStart(6)} ms`,
    `  bare readline + JSON.parse  ${bare.toFixed(0).padStart(6)} ms  report/bare ${(report / bare).toFixed(2)}x  bar ${BAR_BARE}x: ${report / bare <= BAR_BARE ? 'met' : 'NOT MET'}`,
  ];
  if (jq)
    lines.push(
      `  jq aggregation of closes    ${jqMs.toFixed(0).padStart(6)} ms  report/jq ${(report / jqMs).toFixed(2)}x  bar < 1x: ${report < jqMs ? 'met' : 'NOT MET'}`,
    );
  else lines.push(`  jq: skipped, ${JQ} is not installed (apt-get install jq)`);
  const verdicts = [
    verdict(`report / bare <= ${BAR_BARE}x`, `${(report / bare).toFixed(2)}x`, report / bare <= BAR_BARE),
  ];
  verdicts.push(
    jq
      ? verdict('report / jq < 1x', `${(report / jqMs).toFixed(2)}x`, report < jqMs)
      : verdict('report / jq < 1x', 'no jq', null),
  );
  return { text: lines.join('\n'), verdicts };
}

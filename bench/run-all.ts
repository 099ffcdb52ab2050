import { benchAnalysisMemory } from './analysis-memory.js';
import { benchHoldChannels } from './hold-channels.js';
import { benchLiveRunMemory } from './live-run-memory.js';
import { benchLogThroughput } from './log-throughput.js';
import { benchMetricsOverhead } from './metrics-overhead.js';
import { benchNeverClosed } from './never-closed.js';
import { benchOfflineAnalysis } from './offline-analysis.js';
import { benchReadThroughput } from './read-throughput.js';
import { benchRenderScale } from './render-scale.js';
import { benchReportMemory } from './report-memory.js';
import { benchReportMergeMemory } from './report-merge-memory.js';
import { benchScale } from './scale.js';
import { benchSimJournal } from './sim-journal.js';
import { removeSoakLogs } from './soak-logs.js';
import { benchStartup } from './startup.js';
import { benchTimeCompression } from './time-compression.js';
import { benchTimestampFidelity } from './timestamp-fidelity.js';
import { type BenchResult, type BenchRow, verdictTable } from './verdict.js';

/**
 * Runs every benchmark in turn and prints what each measured, then one table of every bar: the benchmark,
 * the bar, the figure, met or not, and the time the whole run took. Benchmarks print ratios measured side
 * by side in one run, never absolute speeds to compare against a fixed number.
 */
type Bench = () => Promise<BenchResult>;
const benches: Array<[string, Bench]> = [
  ['analysis-memory', benchAnalysisMemory],
  ['report-merge-memory', benchReportMergeMemory],
  ['log-throughput', benchLogThroughput],
  ['metrics-overhead', benchMetricsOverhead],
  ['read-throughput', benchReadThroughput],
  ['startup', benchStartup],
  ['sim-journal', benchSimJournal],
  ['live-run-memory', benchLiveRunMemory],
  ['offline-analysis', benchOfflineAnalysis],
  ['report-memory', benchReportMemory],
  ['render-scale', benchRenderScale],
  ['never-closed', benchNeverClosed],
  ['hold-channels', benchHoldChannels],
  ['timestamp-fidelity', benchTimestampFidelity],
  ['time-compression', benchTimeCompression],
];
/**
 * Run only when named: `scale` times the analysis and every renderer at 20,000 and 200,000 closures, whose
 * bars render-scale (the renderers, 10x the rows) and never-closed (200,000 connections left open) already
 * hold with less work; it took a third of the whole run.
 */
const extras: Array<[string, Bench]> = [['scale', benchScale]];

// `node dist/bench/run-all.js NAME...` runs only the benchmarks named.
const only = process.argv.slice(2);
const chosen = only.length === 0 ? benches : [...benches, ...extras].filter(([name]) => only.includes(name));
const unknown = only.filter((name) => ![...benches, ...extras].some(([known]) => known === name));
if (unknown.length > 0) {
  const known = [...benches, ...extras].map(([n]) => n).join(', ');
  console.error(`no benchmark named ${unknown.join(', ')}; run one of: ${known}`);
  process.exit(2);
}

const table: BenchRow[] = [];
const runStarted = performance.now();
try {
  for (const [name, bench] of chosen) {
    const started = performance.now();
    let result: BenchResult | null = null;
    try {
      result = await bench();
    } catch (error) {
      // One benchmark failing leaves the others' figures standing; the table says which failed.
      console.log(`${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
    const seconds = (performance.now() - started) / 1000;
    if (result) console.log(`${result.text}\n(${name}: ${seconds.toFixed(1)} s)\n`);
    table.push({ name, seconds, verdicts: result?.verdicts ?? null });
  }
} finally {
  // The generated soak logs are hundreds of megabytes: never left behind, whatever failed.
  removeSoakLogs();
}
console.log(verdictTable(table, (performance.now() - runStarted) / 1000));

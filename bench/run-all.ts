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

/**
 * Runs every benchmark in turn and prints what each measured. Benchmarks print ratios measured side by
 * side in one run, never absolute speeds to compare against a fixed number.
 */
const benches: Array<[string, () => Promise<string>]> = [
  ['analysis-memory', benchAnalysisMemory],
  ['report-merge-memory', benchReportMergeMemory],
  ['log-throughput', benchLogThroughput],
  ['metrics-overhead', benchMetricsOverhead],
  ['read-throughput', benchReadThroughput],
  ['scale', benchScale],
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

// `node dist/bench/run-all.js NAME...` runs only the benchmarks named.
const only = process.argv.slice(2);

try {
  for (const [name, bench] of benches.filter(([name]) => only.length === 0 || only.includes(name))) {
    const started = performance.now();
    const report = await bench();
    console.log(`${report}\n(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
} finally {
  // The generated soak logs are hundreds of megabytes: never left behind, whatever failed.
  removeSoakLogs();
}

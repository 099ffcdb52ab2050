import { benchAnalysisMemory } from './analysis-memory.js';
import { benchHoldChannels } from './hold-channels.js';
import { benchLiveRunMemory } from './live-run-memory.js';
import { benchLogThroughput } from './log-throughput.js';
import { benchReadThroughput } from './read-throughput.js';
import { benchReportMergeMemory } from './report-merge-memory.js';
import { benchScale } from './scale.js';
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
  ['read-throughput', benchReadThroughput],
  ['scale', benchScale],
  ['startup', benchStartup],
  ['live-run-memory', benchLiveRunMemory],
  ['hold-channels', benchHoldChannels],
  ['timestamp-fidelity', benchTimestampFidelity],
  ['time-compression', benchTimeCompression],
];

for (const [name, bench] of benches) {
  const started = performance.now();
  const report = await bench();
  console.log(`${report}\n(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

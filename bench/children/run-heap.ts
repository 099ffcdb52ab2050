import { holdYoungGeneration } from '../../src/cli/young-generation.js';

/**
 * The V8 settings of a live run, made before anything else loads: a child imports this first, so both
 * clients of bench/timestamp-fidelity.ts (and bench/hold-channels.ts) run as `run` does at its best
 * (src/cli/young-generation.ts: some settings only take if made before the heap first grows).
 */
holdYoungGeneration();

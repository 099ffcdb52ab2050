import { keepLongRunMemoryFlat } from '../../src/cli/long-run-memory.js';

/**
 * The V8 settings of a live run, made before anything else loads: a child imports this first, so both
 * clients of bench/timestamp-fidelity.ts (and bench/hold-channels.ts) run as `run` does at its best
 * (src/cli/long-run-memory.ts: some settings only take if made before the heap first grows).
 */
keepLongRunMemoryFlat();

import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for a live run. V8 doubles the young generation each
 * time enough objects have survived its collections since the last doubling, a count that only grows, so
 * any long run ends with it at its maximum: 16 MB more resident memory that appears an hour or two into
 * a run (bench/live-run-memory.ts saw RSS step from 88 to 104 MB with the heap's live data flat). A probe
 * allocates little per event, so more frequent, shorter young collections cost it nothing it would notice,
 * and shorter pauses are kinder to the timestamps it takes. V8 reads this flag at each decision to grow,
 * so setting it after start works: program.ts sets it before the run's code loads (loading it is what
 * first grows the young generation), and runCommand again for callers that start a run in-process.
 *
 * It also keeps V8's memory reducer from running full collections a few seconds into the run. Armed by
 * start-up on a heap this small, it waits 8 s and, the probe then allocating slowly, collects to shrink
 * the heap; each collection held every socket callback back (13 to 100 ms of pause on a busy machine,
 * bench/timestamp-fidelity.ts: a run's worst stamps). Set before the run's code loads, the first flag
 * stops it being armed at all; V8 reads the second when the reducer's timer fires, so set later it still
 * holds the reducer to one collection instead of up to three. The heap fills and is collected as in any
 * process; only the shrinking of a heap that never grew is given up.
 */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-memory-reducer-for-small-heaps');
  setFlagsFromString('--memory-reducer-single-gc');
}

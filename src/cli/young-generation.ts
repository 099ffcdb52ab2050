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
 * It also lets V8's memory reducer run one full collection instead of up to three. The reducer arms itself
 * at the first full collection of start-up and, eight seconds later, the probe allocating slowly, collects
 * to shrink the heap; each of its collections held every socket callback back (13 to 100 ms of pause,
 * bench/timestamp-fidelity.ts: a run's worst stamps). One still comes, so the heap still shrinks once.
 * V8 reads this flag when the reducer's timer fires, so setting it after start works.
 */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--memory-reducer-single-gc');
}

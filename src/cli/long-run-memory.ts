import { setFlagsFromString } from 'node:v8';

/**
 * Keeps a live run's resident memory flat over hours (bench/live-run-memory.ts), and its pauses short, with
 * V8 settings that V8 reads each time it decides to grow a space or collect, so setting them after start
 * works: main.ts sets them first thing for `run` (loading the run's code is what first grows the young
 * generation), and runCommand again for callers that start a run in-process.
 *
 * - The young generation stays at its starting size. V8 doubles it each time enough objects have survived
 *   its collections since the last doubling, a count that only grows, so any long run ends with it at its
 *   maximum: 16 MB more resident memory an hour or two into a run (RSS stepped from 88 to 104 MB with the
 *   heap's live data flat). A probe allocates little per event, so more frequent, shorter young collections
 *   cost it nothing it would notice, and shorter pauses are kinder to the timestamps it takes.
 * - The old generation grows by at most twice its live data rather than up to four times
 *   (`--optimize-for-size`): a day at 600x with the same live data committed 4.7 MB more heap without it
 *   and 2.5 MB with it. A probe's code is not where its time goes (it waits on sockets), so trading speed
 *   for size costs it nothing measurable.
 */
export function keepLongRunMemoryFlat(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--optimize-for-size');
  // The memory reducer, armed by start-up on a heap this small, waits 8 s and then, the probe allocating
  // slowly, runs full collections to shrink a heap that never grew: each held every socket callback back
  // (13 to 100 ms on a busy machine, bench/timestamp-fidelity.ts: a run's worst stamps). Set before the
  // run's code loads, the first flag stops it being armed; V8 reads the second when the reducer's timer
  // fires, so set later it still holds the reducer to one collection instead of up to three.
  setFlagsFromString('--no-memory-reducer-for-small-heaps');
  setFlagsFromString('--memory-reducer-single-gc');
}

import { PerformanceObserver } from 'node:perf_hooks';

/** One garbage-collection pause of a child, as bench/timestamp-fidelity.ts lines it up with late stamps. */
export interface GcPause {
  /** When it began, on the same monotonic scale as the times the child reports. */
  at: number;
  ms: number;
  kind: string;
}

const KINDS: Record<number, string> = {
  1: 'scavenge',
  4: 'mark-compact',
  8: 'incremental marking',
  16: 'weak callbacks',
};

/**
 * Sends each of this process's garbage-collection pauses to the parent as it ends: a pause holds back every
 * callback due during it, so a late stamp that overlaps one is the process's own doing. `origin` is what
 * to take off performance.now() to reach the scale of the child's own times.
 */
export function forwardGcPauses(origin: () => number): void {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      const pause: GcPause = {
        at: entry.startTime - origin(),
        ms: entry.duration,
        kind: KINDS[kind] ?? `kind ${kind}`,
      };
      process.send?.({ gc: pause });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

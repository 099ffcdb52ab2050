import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What a holding child reports when its parent asks: after a full collection, so both sides count alike. */
export interface HolderSample {
  opened: number;
  frames: number;
  rss: number;
  /** User plus system CPU since the process started, in µs. */
  cpuUs: number;
  /** Event-loop delay since the last sample, in ms. */
  delayP99Ms: number;
  delayMaxMs: number;
}

/**
 * Answers the parent's 'sample' messages for a holding child; `counts` gives what the child counted.
 * Runs with --expose-gc: the RSS after a full collection is what the sockets hold, not garbage.
 */
export function answerSamples(counts: () => { opened: number; frames: number }, onStop: () => Promise<void>): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  process.on('message', (message) => {
    if (message === 'stop') {
      void onStop().finally(() => process.exit(0));
      return;
    }
    gc?.();
    const cpu = process.cpuUsage();
    const sample: HolderSample = {
      ...counts(),
      rss: process.memoryUsage().rss,
      cpuUs: cpu.user + cpu.system,
      delayP99Ms: delay.percentile(99) / 1e6,
      delayMaxMs: delay.max / 1e6,
    };
    delay.reset();
    process.send?.(sample);
  });
  process.on('disconnect', () => process.exit(0));
}

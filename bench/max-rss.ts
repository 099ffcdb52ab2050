import { writeSync } from 'node:fs';

/**
 * Loaded into a benchmarked child with `node --import`: as the process exits it writes its peak resident
 * set size in bytes (`process.resourceUsage().maxRSS` is in kilobytes) to file descriptor 3, so the parent
 * reads the peak of the child itself, without /usr/bin/time.
 */
process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS * 1024}\n`);
  } catch {
    // The benchmark stopped listening: nothing to report to.
  }
});

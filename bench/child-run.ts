import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled CLI and the bench scripts, as the benchmarks spawn them. */
export const BIN = fileURLToPath(new URL('../../bin/idleprobe.js', import.meta.url));
export const BARE_LOOP = fileURLToPath(new URL('./bare-loop.js', import.meta.url));
const MAX_RSS = fileURLToPath(new URL('./max-rss.js', import.meta.url));

export interface ChildRun {
  wallMs: number;
  /** Peak RSS in bytes, as the child reported it; null for a program that is not Node. */
  maxRssBytes: number | null;
}

/** Each child is given this long before it is killed and the benchmark fails, whatever the machine. */
const DEADLINE_MS = 300_000;

/**
 * Runs a command to its end with its output thrown away, timing it from spawn to exit. A Node program
 * (`command` null: this Node) is loaded with max-rss.js and reports its peak RSS on file descriptor 3.
 */
export function runChild(command: string | null, args: string[]): Promise<ChildRun> {
  const node = command === null;
  const argv = node ? ['--import', MAX_RSS, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node ? process.execPath : command, argv, {
      stdio: ['ignore', 'ignore', 'pipe', node ? 'pipe' : 'ignore'],
    });
    let rss = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      rss += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const wallMs = performance.now() - started;
      if (code !== 0)
        reject(new Error(`${command ?? 'node'} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ wallMs, maxRssBytes: node ? Number(rss.trim()) : null });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

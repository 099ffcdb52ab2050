import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * A folder on a tmpfs of `kib` KiB (read-only with `ro`: even root cannot write there), mounted for the test and unmounted when it ends: a real full disk,
 * with partial writes, not just a device that refuses every byte. Null, with the reason given to the
 * test as a skip note, when this machine does not allow it (not root, or no mount in this container).
 */
export function smallDisk(t: TestContext, kib = 64, mode: 'rw' | 'ro' = 'rw'): string | null {
  if (process.getuid?.() !== 0) {
    t.diagnostic('no small tmpfs: mounting one needs root');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0777,${mode}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    t.diagnostic(`no small tmpfs: mount refused (${(error as Error).message.split('\n')[0]})`);
    return null;
  }
  t.after(() => {
    // Lazy: a process the test left holding a file there must not keep the mount.
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Fills the disk holding `dir` until only about `leaveBytes` are free. */
export function fillDisk(dir: string, leaveBytes: number): void {
  const { bavail, bsize } = statfsSync(dir);
  const free = Number(bavail) * Number(bsize);
  if (free > leaveBytes) writeFileSync(join(dir, 'filler'), Buffer.alloc(free - leaveBytes));
}

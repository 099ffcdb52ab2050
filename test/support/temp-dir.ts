import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, type TestContext } from 'node:test';

/** A fresh folder under the system's temporary folder, removed when the test ends, passed or failed. */
export function tempDir(t: TestContext, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `idleprobe-${prefix}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * For a test file: a function making fresh temporary folders, every one of them removed once the file's
 * tests are done, passed or failed. Call it at the top level of the file.
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `idleprobe-${prefix}-`));
    made.push(dir);
    return dir;
  };
}

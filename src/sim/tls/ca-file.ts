import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CaFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Writes the simulator's CA certificate where a client can read it with `--ca`: a fresh folder of its
 * own, removed when the simulator stops (the CA means nothing after that: the next start makes another).
 */
export async function writeCaFile(caPem: string): Promise<CaFile> {
  const dir = await mkdtemp(join(tmpdir(), 'idleprobe-sim-ca-'));
  const path = join(dir, 'ca.pem');
  await writeFile(path, caPem, { mode: 0o644 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SoakLogShape, writeSoakLog } from './soak-log.js';

/**
 * The generated soak logs the offline benchmarks share: each size is written once per `npm run bench`
 * (the 5M-event log takes seconds to write and half a gigabyte of disk) into one temporary folder, which
 * `removeSoakLogs` deletes at the end.
 */
let folder: string | null = null;
const written = new Map<number, SoakLogShape & { path: string }>();

/** The temporary folder the generated logs go to, made on first use. */
export function soakFolder(): string {
  folder ??= mkdtempSync(join(tmpdir(), 'idleprobe-bench-soak-'));
  return folder;
}

export function soakLog(events: number): SoakLogShape & { path: string } {
  const known = written.get(events);
  if (known) return known;
  const path = join(soakFolder(), `soak-${events}.ndjson`);
  const log = { ...writeSoakLog(path, events), path };
  written.set(events, log);
  return log;
}

export function removeSoakLogs(): void {
  if (folder !== null) rmSync(folder, { recursive: true, force: true });
  folder = null;
  written.clear();
}

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { within } from '../support/deadline.js';
import { fuzzCase } from '../support/fuzz-inputs.js';
import type { FuzzReply, FuzzRequest } from '../support/report-fuzz-worker.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * `report` on random and mutated logs and HARs (test/support/fuzz-inputs.ts). CI runs a fixed seed; a
 * longer run on demand: IDLEPROBE_FUZZ_CASES=20000 IDLEPROBE_FUZZ_SEED=$RANDOM npm test, and one case
 * again from a failure's seed and index: IDLEPROBE_FUZZ_SEED=S IDLEPROBE_FUZZ_CASE=I.
 */
const SEED = Number(process.env.IDLEPROBE_FUZZ_SEED ?? 20261130);
const ONLY = process.env.IDLEPROBE_FUZZ_CASE === undefined ? null : Number(process.env.IDLEPROBE_FUZZ_CASE);
const CASES = Number(process.env.IDLEPROBE_FUZZ_CASES ?? 1000);

/** Far longer than any case takes (milliseconds) even on a loaded machine: a case still running then hangs. */
const CASE_DEADLINE_MS = 30_000;
/** The heap a case may use; the inputs are at most a few hundred kilobytes, so more is unbounded growth. */
const HEAP_LIMIT_MB = 256;

const FORMATS = ['table', 'json', 'markdown', 'junit'];

function startWorker(): Worker {
  return new Worker(new URL('../support/report-fuzz-worker.js', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
    stdout: true,
    stderr: true,
  });
}

/** The worker's reply to one case, or why none came: it died (out of memory) or the deadline passed. */
function ask(worker: Worker, request: FuzzRequest): Promise<FuzzReply> {
  const reply = new Promise<FuzzReply>((resolve, reject) => {
    const onMessage = (message: FuzzReply): void => {
      if (message.index !== request.index) return;
      worker.off('error', onError);
      worker.off('message', onMessage);
      resolve(message);
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(new Error(`the worker died: ${(error as { code?: string }).code ?? ''} ${error.message}`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
  worker.postMessage(request);
  return within(reply, 'the case to finish', CASE_DEADLINE_MS);
}

test('report on random and mutated logs and HARs: never a stack trace, never a hang, memory bounded', async (t) => {
  const dir = tempDir(t, 'fuzz');
  const failures: string[] = [];
  let worker = startWorker();
  const indexes = ONLY === null ? Array.from({ length: CASES }, (_, i) => i) : [ONLY];
  const outcomes = { exit: 0, error: 0, bug: 0 };
  for (const index of indexes) {
    const made = fuzzCase(SEED, index);
    const caseDir = join(dir, String(index));
    mkdirSync(caseDir);
    const files = made.files.map(({ name, bytes }) => {
      const path = join(caseDir, name);
      writeFileSync(path, bytes);
      return path;
    });
    const flags = {
      format: FORMATS[index % FORMATS.length] as string,
      ...(index % 3 === 0 ? { svg: join(caseDir, 'timeline.svg') } : {}),
      ...(index % 5 === 0 ? { share: join(caseDir, 'share') } : {}),
    };
    const where = `seed ${SEED} case ${index} (${made.recipe}, --format ${flags.format})`;
    try {
      const reply = await ask(worker, { index, files, flags });
      outcomes[reply.outcome] += 1;
      if (reply.outcome === 'bug') failures.push(`${where}: ${reply.detail}`);
    } catch (error) {
      failures.push(`${where}: ${(error as Error).message}`);
      await worker.terminate();
      worker = startWorker();
    }
    rmSync(caseDir, { recursive: true, force: true });
  }
  await worker.terminate();
  t.diagnostic(
    `${indexes.length} cases, seed ${SEED}: ${outcomes.exit} reports, ${outcomes.error} clear errors, ${failures.length} failures`,
  );
  assert.deepEqual(failures, []);
  assert.ok(outcomes.exit > indexes.length / 10 || ONLY !== null, 'enough cases are reports, not only errors');
});

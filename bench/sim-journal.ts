import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJournalFile } from '../src/cli/sim-journal-file.js';
import { LiveJournalView } from '../src/cli/sim-live-line.js';
import { ManualClock } from '../src/clock/manual-clock.js';
import { SimJournal, type SimRecord } from '../src/sim/journal.js';
import { type BenchResult, verdict } from './verdict.js';

/**
 * What a journal record costs the simulator on its one thread, which also serves every client: journalling
 * alone, with `--journal FILE` (a synchronous write per record), and with the live terminal lines too,
 * each against a bare JSON.stringify + writeSync of the same records to the same disk in the same run.
 * Records are a socket's heartbeats (most of any journal) with a subscription and a trigger now and then.
 */
const RECORDS = 100_000;

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function play(journal: SimJournal, clock: ManualClock): void {
  journal.record({ kind: 'channel-created', channel: 'streaming-0-bench', client: 'bench-client', expiresInMs: 1 });
  for (let i = 0; i < RECORDS; i++) {
    clock.advance(1);
    if (i % 1000 === 999) journal.record({ kind: 'trigger', channel: '*', action: 'close', options: {}, detail: 'x' });
    else journal.record({ kind: 'heartbeat', channel: 'streaming-0-bench', socket: 1 });
  }
}

export async function benchSimJournal(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'idleprobe-bench-'));
  try {
    const records: SimRecord[] = [];
    const collecting = new ManualClock();
    const collector = new SimJournal(collecting, 60);
    collector.on('record', (record: SimRecord) => records.push(record));
    play(collector, collecting);
    const baseline = timed(() => {
      const fd = openSync(join(dir, 'baseline.ndjson'), 'a');
      for (const record of records) writeSync(fd, `${JSON.stringify({ t: new Date().toISOString(), ...record })}\n`);
      closeSync(fd);
    });
    const run = (attach: (journal: SimJournal, clock: ManualClock) => () => void): number => {
      const clock = new ManualClock();
      const journal = new SimJournal(clock, 60);
      const detach = attach(journal, clock);
      const ms = timed(() => play(journal, clock));
      detach();
      return ms;
    };
    const bare = run(() => () => {});
    const owner = { pid: process.pid, isRunning: () => true };
    const file = run((journal, clock) => {
      const writer = writeJournalFile(join(dir, 'file.ndjson'), journal, { clock, owner });
      return () => writer.close();
    });
    const live = run((journal, clock) => {
      const writer = writeJournalFile(join(dir, 'live.ndjson'), journal, { clock, owner });
      const view = new LiveJournalView();
      let shown = 0;
      const listener = (record: SimRecord): void => {
        const line = view.line(record, clock.wallNow(), 120);
        if (line !== null) shown += line.length;
      };
      journal.on('record', listener);
      return () => {
        journal.off('record', listener);
        writer.close();
        void shown;
      };
    });
    const perRecordUs = (ms: number) => ((ms * 1000) / RECORDS).toFixed(2);
    const text = [
      `sim journal: ${RECORDS} records (heartbeats, a trigger every 1,000)`,
      `  journal alone:          ${perRecordUs(bare)} µs/record (${(bare / baseline).toFixed(2)}x a bare stringify+write)`,
      `  with --journal FILE:    ${perRecordUs(file)} µs/record (${(file / baseline).toFixed(2)}x)`,
      `  with FILE + live lines: ${perRecordUs(live)} µs/record (${(live / baseline).toFixed(2)}x)`,
    ].join('\n');
    return {
      text,
      verdicts: [verdict('none (--journal FILE / bare write)', `${(file / baseline).toFixed(2)}x`, null)],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClientStalls, type StallMark } from '../../src/analysis/client-stalls.js';
import type { SettledClosure } from '../../src/analysis/closure-draft.js';
import { ComparisonIndex, messageSilence, sentMessages } from '../../src/analysis/comparison-index.js';
import { CLOCK_SKEW_MS, secondSocketsAcrossRuns } from '../../src/analysis/cross-run-sockets.js';
import { sameDuration, toleranceFor } from '../../src/analysis/intermediary-timers.js';
import type { ClosureRow } from '../../src/analysis/summary.js';
import { seededRandom } from '../support/seeded-random.js';

/**
 * The structures that replaced pairwise scans (so a soak's hundreds of thousands of rows and connections
 * cost n log n) must give the answers the scans gave. Each is held here to the straightforward scan it
 * replaced, on thousands of seeded random cases shaped to sit on the edges: ages around the tolerance,
 * stalls around the start of a silence.
 */

function row(lifetimeMs: number, sinceClientMessageMs: number | null, id: number): ClosureRow {
  return { lifetimeMs, connection: id, signals: { sinceClientMessageMs } } as unknown as ClosureRow;
}

/** The pairwise questions as the comparison of timers first asked them (slices of the sorted rows). */
class PairwiseReference {
  private readonly bySilence: ClosureRow[];
  private readonly senders: ClosureRow[];
  private readonly silent: ClosureRow[];

  constructor(candidates: ClosureRow[], everyone: ClosureRow[]) {
    this.bySilence = everyone.filter(sentMessages).sort((a, b) => messageSilence(a) - messageSilence(b));
    const byAge = (a: ClosureRow, b: ClosureRow) => a.lifetimeMs - b.lifetimeMs;
    this.senders = candidates.filter(sentMessages).sort(byAge);
    this.silent = candidates.filter((r) => !sentMessages(r)).sort(byAge);
  }

  outlived(silence: number): ClosureRow | undefined {
    return this.bySilence
      .filter((other) => messageSilence(other) < silence - toleranceFor(silence))
      .find((other) => other.lifetimeMs > silence + toleranceFor(silence));
  }

  sameAge(candidate: ClosureRow): ClosureRow | undefined {
    const window = (sorted: ClosureRow[]) => {
      const slack = toleranceFor(candidate.lifetimeMs) * 1.1;
      return sorted.filter(
        (o) => o.lifetimeMs >= candidate.lifetimeMs - slack && o.lifetimeMs < candidate.lifetimeMs + slack + 1e-9,
      );
    };
    const other = sentMessages(candidate) ? this.silent : this.senders;
    const near = window(other).find((o) => sameDuration(o.lifetimeMs, candidate.lifetimeMs));
    if (near || !sentMessages(candidate)) return near;
    return window(this.senders)
      .slice(0, 256)
      .find(
        (o) =>
          o !== candidate &&
          sameDuration(o.lifetimeMs, candidate.lifetimeMs) &&
          !sameDuration(messageSilence(o), messageSilence(candidate)),
      );
  }
}

describe('the comparison of timers answers as the pairwise scan did', () => {
  test('on ten thousand rows at ages clustered around the edges of the tolerance', () => {
    const random = seededRandom(7);
    const rows: ClosureRow[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      // Ages near a few timers, spread over about twice their tolerance; silences shorter, or none.
      const base = [60_000, 100_000, 900_000, 3_600_000][Math.floor(random() * 4)] as number;
      const age = Math.round(base + (random() - 0.5) * 4.4 * toleranceFor(base));
      const talk = random();
      const silence = talk < 0.4 ? null : talk < 0.7 ? age : Math.round(age * random());
      rows.push(row(age, silence, i));
    }
    const candidates = rows.filter((_, i) => i % 3 !== 0);
    const index = new ComparisonIndex(candidates, rows);
    const reference = new PairwiseReference(candidates, rows);
    for (const candidate of candidates) {
      const silence = messageSilence(candidate);
      assert.equal(index.outlived(silence), reference.outlived(silence), `outlived, silence ${silence}`);
      assert.equal(index.sameAge(candidate), reference.sameAge(candidate), `same age, age ${candidate.lifetimeMs}`);
    }
  });
});

/** Stall reports as every open connection once took them: each report visiting each connection. */
class VisitingReference {
  private readonly open = new Map<number, { silenceStart: number; stall: number | null; jump: number | null }>();

  mark(id: number, silenceStart: number): void {
    this.open.set(id, { silenceStart, stall: null, jump: null });
  }

  delayed(delayMs: number, mono: number): void {
    for (const connection of this.open.values()) {
      connection.stall = Math.max(connection.stall ?? 0, Math.min(delayMs, mono - connection.silenceStart));
    }
  }

  jumped(jumpMs: number): void {
    for (const connection of this.open.values()) connection.jump = Math.max(connection.jump ?? 0, Math.abs(jumpMs));
  }

  get(id: number): { stall: number | null; jump: number | null } {
    return this.open.get(id) ?? { stall: null, jump: null };
  }
}

describe('client stalls reach each connection as when every report visited every connection', () => {
  test('on a long run of frames, loop delays and clock jumps over fifty connections', () => {
    const random = seededRandom(11);
    const stalls = new ClientStalls();
    const reference = new VisitingReference();
    const marks = new Map<number, StallMark>();
    let mono = 0;
    for (let step = 0; step < 20_000; step += 1) {
      mono += Math.floor(random() * 2_000);
      const id = Math.floor(random() * 50);
      const what = random();
      if (what < 0.6) {
        // A frame arrived on connection `id` (or it opened): its silence starts again.
        marks.set(id, stalls.mark(mono));
        reference.mark(id, mono);
      } else if (what < 0.85) {
        // Delays around the gaps between frames, so the cap by the silence matters.
        const delay = 1 + Math.floor(random() * 6_000);
        stalls.delayed(delay, mono);
        reference.delayed(delay, mono);
      } else if (what < 0.9) {
        const jump = (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 90_000));
        stalls.jumped(jump);
        reference.jumped(jump);
      } else {
        const mark = marks.get(id);
        if (!mark) continue;
        const expected = reference.get(id);
        assert.equal(stalls.stallSince(mark), expected.stall, `stall of ${id} at ${mono}`);
        assert.equal(stalls.jumpSince(mark), expected.jump, `jump of ${id} at ${mono}`);
      }
    }
  });

  test('nothing reported since the silence began is no stall at all, not a stall of zero', () => {
    const stalls = new ClientStalls();
    stalls.delayed(500, 1_000);
    const mark = stalls.mark(2_000);
    assert.equal(stalls.stallSince(mark), null);
    assert.equal(stalls.jumpSince(mark), null);
    stalls.delayed(300, 2_100);
    assert.equal(stalls.stallSince(mark), 100, 'capped by the 100 ms of silence before the report');
  });
});

/** The scan the second sockets across runs were found by: every later open within the connection's life. */
function scanOtherRuns(closures: readonly SettledClosure[], everyone: readonly SettledClosure[]): boolean[] {
  const runsByChannel = new Map<string, Set<number>>();
  for (const { facts } of everyone) {
    runsByChannel.set(facts.channel, (runsByChannel.get(facts.channel) ?? new Set()).add(facts.run));
  }
  return closures.map(({ facts }) => {
    if (facts.signals.otherSocketOpened) return true;
    if ((runsByChannel.get(facts.channel)?.size ?? 0) < 2) return false;
    const opened = Date.parse(facts.openedAt);
    const closed = Date.parse(facts.closedAt);
    return everyone.some(({ facts: other }) => {
      const at = Date.parse(other.openedAt);
      return other.channel === facts.channel && other.run !== facts.run && at > opened && at <= closed + CLOCK_SKEW_MS;
    });
  });
}

describe('second sockets across merged runs are found as the scan found them', () => {
  test('on thousands of connections of several runs sharing a few channels, back to back and overlapping', () => {
    const random = seededRandom(5);
    const settled = (run: number, channel: string, openedMs: number, lifeMs: number): SettledClosure =>
      ({
        facts: {
          run,
          channel,
          openedAt: new Date(openedMs).toISOString(),
          closedAt: new Date(openedMs + lifeMs).toISOString(),
          signals: { otherSocketOpened: random() < 0.05 },
        },
        after: {},
      }) as unknown as SettledClosure;
    const closures: SettledClosure[] = [];
    const ended: SettledClosure[] = [];
    for (let run = 1; run <= 4; run += 1) {
      for (let channel = 0; channel < 3; channel += 1) {
        // Each run reconnects on its channel back to back; runs overlap in time, a little or a lot.
        let at = Date.UTC(2026, 0, 1) + run * 400_000 * random();
        for (let conn = 0; conn < 500; conn += 1) {
          const life = 1_000 + Math.floor(random() * 60_000);
          (conn === 499 ? ended : closures).push(settled(run, `streaming-0-shared${channel}`, at, life));
          at += life + Math.floor(random() * 5_000) - 1_000;
        }
      }
    }
    const mark = secondSocketsAcrossRuns([...closures, ...ended]);
    const marked = closures.map((closure) => mark(closure).facts.signals.otherSocketOpened);
    assert.deepEqual(marked, scanOtherRuns(closures, [...closures, ...ended]));
    assert.ok(marked.filter(Boolean).length > 100, 'the runs overlap often enough to matter');
  });
});

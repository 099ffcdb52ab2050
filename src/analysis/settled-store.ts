import { SpillFile } from '../log/spill-file.js';
import type { SettledClosure } from './closure-draft.js';

/**
 * Where the analysis keeps the closures whose evidence is complete until it makes the summary: every one,
 * in close order. A soak's tens of thousands of closures would otherwise grow the heap by about a kilobyte
 * each for the whole run; the analysis itself does no I/O, so the store is chosen by who runs it.
 */
export interface SettledStore {
  add(closure: SettledClosure): void;
  /** Every closure added, in the order added; read as often as needed. */
  each(): Iterable<SettledClosure>;
  /** Frees what it holds; the analysis makes no summary after this. */
  release(): void;
}

/** In the heap: for tests, short runs, and wherever no temporary folder can be written. */
export class SettledInMemory implements SettledStore {
  private readonly kept: SettledClosure[] = [];

  add(closure: SettledClosure): void {
    this.kept.push(closure);
  }

  get length(): number {
    return this.kept.length;
  }

  each(): Iterable<SettledClosure> {
    return this.kept;
  }

  release(): void {
    this.kept.length = 0;
  }
}

/**
 * On disk, in a private temporary file (src/log/spill-file.ts): the heap holds none of them. A closure the
 * file cannot take (a full disk) and every one after it stay in the heap, so none is lost and the order holds.
 * Settled closures are plain data (strings, finite numbers, booleans, null), so each reads back as it went in.
 */
export class SettledOnDisk implements SettledStore {
  private readonly overflow: SettledClosure[] = [];

  constructor(private readonly file: SpillFile<SettledClosure>) {}

  add(closure: SettledClosure): void {
    if (this.overflow.length > 0 || !this.file.append(closure)) this.overflow.push(closure);
  }

  *each(): Generator<SettledClosure> {
    const shared = new Map<string, string>();
    for (const closure of this.file.records()) yield sharingText(closure, shared);
    yield* this.overflow;
  }

  release(): void {
    this.file.close();
    this.overflow.length = 0;
  }
}

/**
 * A closure read back, its texts that repeat from row to row (the channel of each reconnect, the close
 * reason, the keepalive, the log's name) made one string each again, as they were before they were written:
 * every line read back would otherwise give each row copies of its own (about 100 bytes a row).
 */
function sharingText(closure: SettledClosure, shared: Map<string, string>): SettledClosure {
  const facts = closure.facts as { -readonly [K in keyof SettledClosure['facts']]: SettledClosure['facts'][K] };
  facts.channel = once(facts.channel, shared);
  facts.reason = once(facts.reason, shared);
  if (facts.keepalive !== null) facts.keepalive = once(facts.keepalive, shared);
  if (facts.source !== null) facts.source = once(facts.source, shared);
  return closure;
}

function once(text: string, shared: Map<string, string>): string {
  const known = shared.get(text);
  if (known !== undefined) return known;
  shared.set(text, text);
  return text;
}

/** On disk when the temporary folder takes a file, in the heap when it does not. */
export function settledOffHeap(): SettledStore {
  const file = SpillFile.open<SettledClosure>();
  return file ? new SettledOnDisk(file) : new SettledInMemory();
}

/**
 * Settled closures a report (`report`, `report --follow`) keeps in the heap before the rest wait in a
 * temporary file: about 2 MB, more than most reports hold, so they pay nothing for the file. A live run sets
 * every one aside (settledOffHeap): its memory must stay flat for days.
 */
export const CLOSURES_HELD_BY_A_REPORT = 2_000;

/** A report's store: its first closures in the heap, the rest on disk. */
export function settledForAReport(): SettledStore {
  return settledOffHeapPast(CLOSURES_HELD_BY_A_REPORT);
}

/**
 * The first `kept` closures in the heap and the rest off it (settledOffHeap, made when the first one past
 * them comes): a report of a few hundred closures pays nothing for the file, while a soak's tens of
 * thousands cost the heap no more than the first few.
 */
export function settledOffHeapPast(kept: number): SettledStore {
  return new SettledSpilling(kept);
}

class SettledSpilling implements SettledStore {
  private readonly first = new SettledInMemory();
  private rest: SettledStore | null = null;

  constructor(private readonly kept: number) {}

  add(closure: SettledClosure): void {
    if (this.rest === null && this.first.length < this.kept) this.first.add(closure);
    else {
      this.rest ??= settledOffHeap();
      this.rest.add(closure);
    }
  }

  *each(): Generator<SettledClosure> {
    yield* this.first.each();
    if (this.rest !== null) yield* this.rest.each();
  }

  release(): void {
    this.first.release();
    this.rest?.release();
  }
}

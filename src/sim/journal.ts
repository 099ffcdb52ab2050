import { EventEmitter } from 'node:events';
import type { Clock } from '../clock/clock.js';

/** One thing the simulator did or saw, for tests to compare against what the probe saw. */
export type SimRecord = {
  /** clock.monoNow() when it happened. */
  at: number;
  kind: 'open' | 'heartbeat' | 'pong' | 'warning' | 'close' | 'drop' | 'notification' | 'client-frame';
  channel: string;
  code?: number;
  reason?: string;
  detail?: string;
};

export type SimRecordInput = Omit<SimRecord, 'at'>;

/**
 * The simulator's record of its own actions. It emits 'record' for each one; a fault inside the
 * simulator (a timer or handler that threw) is emitted as 'fault' rather than 'error', so a test that
 * does not listen is not crashed by it.
 */
export class SimJournal extends EventEmitter {
  constructor(private readonly clock: Clock) {
    super();
  }

  record(input: SimRecordInput): SimRecord {
    const record: SimRecord = { at: this.clock.monoNow(), ...input };
    this.emit('record', record);
    return record;
  }

  fault(error: unknown): void {
    this.emit('fault', error);
  }
}

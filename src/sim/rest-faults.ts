import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGenesysError } from './http-io.js';
import type { SimJournal } from './journal.js';
import type { Fault } from './scenario.js';
import type { SimScheduler, TimerGroup } from './scheduler.js';

type RestFault = Extract<Fault, { kind: 'rest-error' | 'rest-slow' }>;

const ERROR_CODES: Record<number, string> = {
  500: 'internal.server.error',
  502: 'bad.gateway',
  503: 'service.unavailable',
  504: 'gateway.timeout',
};

/**
 * A scenario's REST faults: requests whose path contains a fault's `path` fail with its status or are
 * answered late, at most `count` times each. Journalled with channel '' (they belong to no channel) and
 * detail `fault:<kind> <status or delay> <method> <path>`.
 */
export class RestFaults {
  private readonly left = new Map<RestFault, number | null>();
  private readonly timers: TimerGroup;

  constructor(
    faults: Fault[],
    scheduler: SimScheduler,
    private readonly journal: SimJournal,
  ) {
    for (const fault of faults)
      if (fault.kind === 'rest-error' || fault.kind === 'rest-slow') this.left.set(fault, fault.count);
    this.timers = scheduler.group();
  }

  /** Applies the faults that match; true when a fault already answered the request. */
  async intercept(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    for (const [fault, left] of this.left) {
      if (!path.includes(fault.path) || left === 0) continue;
      if (left !== null) this.left.set(fault, left - 1);
      const where = `${request.method} ${path}`;
      if (fault.kind === 'rest-slow') {
        this.journal.record({
          kind: 'notification',
          channel: '',
          detail: `fault:rest-slow ${fault.delayMs}ms ${where}`,
        });
        await new Promise<void>((resolve) => this.timers.after(fault.delayMs, resolve));
        continue;
      }
      this.journal.record({ kind: 'notification', channel: '', detail: `fault:rest-error ${fault.status} ${where}` });
      sendGenesysError(
        response,
        fault.status,
        ERROR_CODES[fault.status] ?? 'server.error',
        'The service failed to handle the request (simulated fault). Retry later.',
      );
      return true;
    }
    return false;
  }
}

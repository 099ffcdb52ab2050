import { randomBytes } from 'node:crypto';
import { channelSystemTopic } from '../protocol/notification-words.js';
import type { SimChannel } from './channel-registry.js';
import { newGuid } from './ids.js';
import type { SimRecordInput } from './journal.js';
import type { Fault } from './scenario.js';
import type { TimerGroup } from './scheduler.js';

type SocketFault = Exclude<Fault, { kind: 'rest-error' | 'rest-slow' }>;

/** What a socket fault needs from the connection it hits. */
export interface FaultTarget {
  readonly channel: SimChannel;
  /** Sends a frame as it is (not JSON, binary, oversized) if the socket is still open. */
  sendRaw(data: string | Buffer): void;
  /** Sends `count` messages at once. */
  sendBurst(count: number): void;
  note(record: Omit<SimRecordInput, 'channel' | 'socket'>): void;
}

/**
 * Schedules a scenario's socket faults on one connection: frames a robust client must survive and log
 * (not JSON, binary, oversized, a burst). Each is journalled as a notification with detail `fault:<kind>`.
 */
export function startSocketFaults(session: FaultTarget, faults: Fault[], timers: TimerGroup): void {
  for (const fault of faults) {
    if (fault.kind === 'rest-error' || fault.kind === 'rest-slow') continue;
    const fire = (): void => {
      applyFault(session, fault);
      session.note({ kind: 'notification', detail: `fault:${fault.kind}` });
    };
    timers.after(fault.afterMs, () => {
      fire();
      if (fault.repeatMs) timers.every(fault.repeatMs, fire);
    });
  }
}

function applyFault(session: FaultTarget, fault: SocketFault): void {
  switch (fault.kind) {
    case 'non-json':
      session.sendRaw(fault.text);
      return;
    case 'binary':
      session.sendRaw(randomBytes(fault.bytes));
      return;
    case 'oversized': {
      const topic = [...session.channel.topics][0] ?? channelSystemTopic('oversized', session.channel.id);
      const shell = JSON.stringify({
        topicName: topic,
        version: '2',
        eventBody: { padding: '' },
        metadata: { CorrelationId: newGuid() },
      });
      const frame = shell.replace('"padding":""', `"padding":"${'x'.repeat(Math.max(0, fault.bytes - shell.length))}"`);
      session.sendRaw(frame);
      return;
    }
    case 'burst':
      session.sendBurst(fault.count);
      return;
  }
}

import type { EventEmitter } from 'node:events';
import { once } from 'node:events';
import { afterEach } from 'node:test';
import { WebSocket } from 'ws';
import { ManualClock } from '../../src/clock/manual-clock.js';
import {
  type RunningSimulator,
  type SimRecord,
  type SimulatorOptions,
  startSimulator,
} from '../../src/sim/simulator.js';
import { within } from './deadline.js';

/** A client-credentials token from the simulator's login route. */
export async function clientToken(sim: RunningSimulator): Promise<string> {
  const { clientId, clientSecret } = sim.credentials;
  const response = await fetch(`${sim.loginBase}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export interface ApiReply {
  status: number;
  headers: Headers;
  body: any;
}

/** One Platform API call with a bearer token (none when `token` is null). */
export async function api(
  sim: RunningSimulator,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<ApiReply> {
  const response = await fetch(`${sim.apiBase}${path}`, {
    method,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export interface SimChannelJson {
  id: string;
  connectUri: string;
  expires: string;
}

export async function createChannel(
  sim: RunningSimulator,
  token: string,
  topics: string[] = [],
): Promise<SimChannelJson> {
  const created = await api(sim, 'POST', '/api/v2/notifications/channels', token);
  if (created.status !== 200) throw new Error(`channel creation failed with ${created.status}`);
  if (topics.length > 0) {
    await api(
      sim,
      'PUT',
      `/api/v2/notifications/channels/${created.body.id}/subscriptions`,
      token,
      topics.map((id) => ({ id })),
    );
  }
  return created.body as SimChannelJson;
}

/** A plain ws client that keeps every message and exposes how it closed. */
export class TestSocket {
  readonly messages: any[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.on('error', () => {});
    this.closed = within(
      once(ws, 'close').then(([code, reason]) => ({ code: code as number, reason: String(reason) })),
      'the test socket to close',
    );
  }

  static async open(uri: string): Promise<TestSocket> {
    const socket = new TestSocket(new WebSocket(uri));
    await within(once(socket.ws, 'open'), `a WebSocket to open on ${uri}`);
    return socket;
  }

  /** Resolves once `count` messages matching the predicate have arrived. */
  waitFor(predicate: (message: any) => boolean, count = 1): Promise<any[]> {
    return within(this.collect(predicate, count), `${count} matching message(s) on the test socket`);
  }

  private async collect(predicate: (message: any) => boolean, count: number): Promise<any[]> {
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
}

/** Every journal record from now on, and a way to wait for one. */
export class JournalTap {
  readonly records: SimRecord[] = [];
  private waiters: Array<() => void> = [];

  constructor(journal: EventEmitter) {
    journal.on('record', (record: SimRecord) => {
      this.records.push(record);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  of(kind: SimRecord['kind']): SimRecord[] {
    return this.records.filter((record) => record.kind === kind);
  }

  waitFor(predicate: (record: SimRecord) => boolean, count = 1): Promise<SimRecord[]> {
    return within(this.collect(predicate, count), `${count} matching record(s) in the simulator's journal`);
  }

  private async collect(predicate: (record: SimRecord) => boolean, count: number): Promise<SimRecord[]> {
    for (;;) {
      const found = this.records.filter(predicate);
      if (found.length >= count) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }
}

export const isHeartbeat = (message: any): boolean =>
  message?.topicName === 'channel.metadata' && message?.eventBody?.message === 'WebSocket Heartbeat';
export const isPong = (message: any): boolean =>
  message?.topicName === 'channel.metadata' && message?.eventBody?.message === 'pong';

/**
 * For a suite whose tests each get their own simulator on a manual clock: returns the function that starts
 * one (scenario `steady` unless told otherwise), and closes it after each test, whatever the test did.
 */
export function simulatorPerTest(): (
  options?: SimulatorOptions,
) => Promise<{ sim: RunningSimulator; clock: ManualClock; journal: JournalTap }> {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  return async (options = {}) => {
    const clock = new ManualClock();
    sim = await startSimulator({ clock, scenario: 'steady', ...options });
    return { sim, clock, journal: new JournalTap(sim.journal) };
  };
}

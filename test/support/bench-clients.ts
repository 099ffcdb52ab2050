import { WebSocket } from 'ws';
import type { Clock, Timer } from '../../src/clock/clock.js';

/**
 * Two apps of the kind a customer writes, for the report card to tell apart: plain `ws` and `fetch`, no
 * idleprobe code. Both take the simulator's bases and OAuth client, and a Clock for every timer, so a test
 * can run them on the manual clock the simulator runs on.
 */
export interface BenchClientOptions {
  apiBase: string;
  loginBase: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  topics: string[];
  /** The documented 30 s unless the scenario says otherwise: what the good client's watchdog counts in. */
  heartbeatIntervalMs?: number;
}

export interface BenchClient {
  start(): Promise<void>;
  stop(): void;
  /** Problems the client hit that a test should see (an unexpected status), never thrown into a timer. */
  readonly problems: string[];
}

interface Reply {
  status: number;
  retryAfterMs: number | null;
  body: any;
}

const HEARTBEAT_MS = 30_000;
const SOCKET_CLOSING = 'v2.system.socket_closing';

/** The parts both clients share: token, REST calls, timers that die with the client. */
abstract class ClientBase implements BenchClient {
  readonly problems: string[] = [];
  protected token = '';
  protected channel: { id: string; connectUri: string } | null = null;
  protected ws: WebSocket | null = null;
  protected stopped = false;
  private readonly timers = new Set<Timer>();

  constructor(protected readonly options: BenchClientOptions) {}

  abstract start(): Promise<void>;

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.ws?.close(1000, 'app stopping');
  }

  protected after(ms: number, fn: () => void): Timer {
    const timer = this.options.clock.setTimer(ms, () => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    });
    this.timers.add(timer);
    return timer;
  }

  protected sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Runs a step from a callback: a failure becomes a problem the test reports, not an unhandled rejection. */
  protected spawn(step: () => Promise<void>): void {
    step().catch((error: unknown) => {
      if (!this.stopped) this.problems.push(String(error));
    });
  }

  protected async login(): Promise<number> {
    const { clientId, clientSecret, loginBase } = this.options;
    const response = await fetch(`${loginBase}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const body = (await response.json()) as { access_token: string; expires_in: number };
    if (response.status !== 200) throw new Error(`login answered ${response.status}`);
    this.token = body.access_token;
    return body.expires_in * 1000;
  }

  protected async rest(method: string, path: string, body?: unknown): Promise<Reply> {
    const response = await fetch(`${this.options.apiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const retryAfter = response.headers.get('retry-after');
    return {
      status: response.status,
      retryAfterMs: retryAfter === null ? null : Number(retryAfter) * 1000,
      body: text ? JSON.parse(text) : undefined,
    };
  }

  protected subscriptionsPath(): string {
    return `/api/v2/notifications/channels/${this.channel?.id}/subscriptions`;
  }

  protected topicsBody(): Array<{ id: string }> {
    return this.options.topics.map((id) => ({ id }));
  }
}

/**
 * The client Genesys's guidance describes: on `socket_closing` it opens a new socket on the same channel
 * before the old one closes; a watchdog ends a socket after 2.5 heartbeat intervals of silence; after a
 * loss it checks its channel (HEAD) and reuses it, making a new one only when it is gone; it waits out
 * every Retry-After; it subscribes again every 12 h, so its channel never reaches 24 h; it renews its
 * token at 80 % of its life.
 */
export class WellBehavedClient extends ClientBase {
  private watchdog: Timer | null = null;
  /** Sockets this client replaced or ended itself: their close is expected. */
  private readonly retired = new WeakSet<WebSocket>();
  private reconnecting = false;
  /** Reconnects in a row that did not open: each waits longer (1 s, 2 s, ... 30 s), so a refusing service is not hammered. */
  private failures = 0;

  async start(): Promise<void> {
    await this.renewToken();
    await this.newChannel();
    this.after(12 * 3_600_000, () => this.spawn(() => this.resubscribe()));
    this.connect();
  }

  private async renewToken(): Promise<void> {
    const lifetimeMs = await this.login();
    this.after(lifetimeMs * 0.8, () => this.spawn(() => this.renewToken()));
  }

  /** A REST call that waits out Retry-After and renews a rejected token, as often as the service asks. */
  private async call(method: string, path: string, body?: unknown): Promise<Reply> {
    for (;;) {
      const reply = await this.rest(method, path, body);
      if ((reply.status === 429 || reply.status === 503) && reply.retryAfterMs !== null) {
        await this.sleep(reply.retryAfterMs);
        continue;
      }
      if (reply.status === 401) {
        await this.login();
        continue;
      }
      return reply;
    }
  }

  private async newChannel(): Promise<void> {
    const created = await this.call('POST', '/api/v2/notifications/channels');
    if (created.status !== 200) throw new Error(`channel creation answered ${created.status}`);
    this.channel = { id: created.body.id, connectUri: created.body.connectUri };
    const subscribed = await this.call('PUT', this.subscriptionsPath(), this.topicsBody());
    if (subscribed.status !== 200) throw new Error(`subscribing answered ${subscribed.status}`);
  }

  private async resubscribe(): Promise<void> {
    this.after(12 * 3_600_000, () => this.spawn(() => this.resubscribe()));
    const reply = await this.call('PUT', this.subscriptionsPath(), this.topicsBody());
    if (reply.status === 404) await this.recover();
  }

  private connect(): void {
    const previous = this.ws;
    if (previous) this.retired.add(previous);
    const ws = new WebSocket(this.channel?.connectUri ?? '');
    this.ws = ws;
    ws.on('open', () => {
      this.failures = 0;
      this.feedWatchdog(ws);
    });
    ws.on('message', (data) => {
      this.feedWatchdog(ws);
      const message = JSON.parse(data.toString()) as { topicName?: string };
      // The close is about a minute away: the service allows one socket per channel, so opening a new one
      // on the same channel is the whole reconnect, and nothing is missed in between.
      if (message.topicName === SOCKET_CLOSING && ws === this.ws) this.connect();
    });
    ws.on('close', () => {
      if (this.retired.has(ws) || this.stopped || ws !== this.ws) return;
      this.spawn(() => this.recover());
    });
    ws.on('error', () => {});
  }

  private feedWatchdog(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.watchdog?.cancel();
    const interval = this.options.heartbeatIntervalMs ?? HEARTBEAT_MS;
    this.watchdog = this.after(interval * 2.5, () => {
      // Silence past two heartbeats and the half interval one may be late: the path is dead.
      this.retired.add(ws);
      ws.terminate();
      this.spawn(() => this.recover());
    });
  }

  /** After a loss: the same channel if it still exists, a new one otherwise. */
  private async recover(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      if (this.failures > 0) await this.sleep(Math.min(30_000, 1_000 * 2 ** (this.failures - 1)));
      this.failures += 1;
      const head = await this.call('HEAD', `/api/v2/notifications/channels/${this.channel?.id}`);
      if (head.status !== 200) await this.newChannel();
      if (!this.stopped) this.connect();
    } finally {
      this.reconnecting = false;
    }
  }
}

/**
 * The client the guidance warns about: a new channel on every reconnect, made only once the socket has
 * closed (socket_closing ignored), no watchdog, a fixed one-second retry whatever Retry-After says, a token
 * never renewed until it is refused, and no resubscription.
 */
export class NaiveClient extends ClientBase {
  async start(): Promise<void> {
    await this.login();
    await this.newChannel();
    this.connect();
  }

  private async call(method: string, path: string, body?: unknown): Promise<Reply> {
    for (;;) {
      const reply = await this.rest(method, path, body);
      if (reply.status === 401) {
        await this.login();
        continue;
      }
      if (reply.status >= 500 || reply.status === 429) {
        await this.sleep(1_000);
        continue;
      }
      return reply;
    }
  }

  private async newChannel(): Promise<void> {
    const created = await this.call('POST', '/api/v2/notifications/channels');
    if (created.status !== 200) throw new Error(`channel creation answered ${created.status}`);
    this.channel = { id: created.body.id, connectUri: created.body.connectUri };
    await this.call('PUT', this.subscriptionsPath(), this.topicsBody());
  }

  private connect(): void {
    const ws = new WebSocket(this.channel?.connectUri ?? '');
    this.ws = ws;
    ws.on('close', () => {
      if (this.stopped || ws !== this.ws) return;
      this.spawn(async () => {
        await this.newChannel();
        if (!this.stopped) this.connect();
      });
    });
    ws.on('error', () => {});
  }
}

import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';
import type { Clock, Timer } from '../clock/clock.js';
import { IdleprobeError } from '../errors.js';
import { describeCut, type Intermediary } from './intermediary.js';
import type { SimJournal } from './journal.js';
import type { SimScheduler, TimerGroup } from './scheduler.js';

/** The channel id from the upgrade request line, so the journal names the channel a cut hit. */
const CHANNEL_IN_REQUEST = /^GET \/channels\/([^/ ?]+)/;

export interface RunningRelay {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of the simulator's WebSockets that behaves like a proxy, load balancer or NAT on
 * its own idle timer (see Intermediary). It forwards bytes without parsing them, so like any TCP-level
 * box it never sees TCP keepalive probes (the kernel answers those below user space) but does see every
 * WebSocket frame, control frames included.
 */
export async function startRelay(options: {
  host: string;
  upstreamPort: () => number;
  intermediary: Intermediary;
  scheduler: SimScheduler;
  journal: SimJournal;
}): Promise<RunningRelay> {
  const { host, intermediary, scheduler, journal } = options;
  const links = new Set<RelayLink>();
  const server = createServer({ noDelay: true }, (client) => {
    const link = new RelayLink(client, createConnection({ host, port: options.upstreamPort(), noDelay: true }), {
      intermediary,
      clock: scheduler.clock,
      timers: scheduler.group(),
      journal,
      onEnd: () => links.delete(link),
    });
    links.add(link);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new IdleprobeError(
          'IDLEPROBE_ERR_SIM',
          `The simulator's intermediary could not listen on ${host}: ${error.message}.`,
          { cause: error },
        ),
      ),
    );
    server.listen(0, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const link of [...links]) link.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One relayed connection: a client socket, its upstream socket, and the timer that may cut them. */
class RelayLink {
  private lastClientBytes: number;
  private lastAnyBytes: number;
  private readonly openedAt: number;
  private forwarding = true;
  private ended = false;
  private timer: Timer | null = null;
  private channel = '';

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly deps: {
      intermediary: Intermediary;
      clock: Clock;
      timers: TimerGroup;
      journal: SimJournal;
      onEnd: () => void;
    },
  ) {
    this.openedAt = this.lastClientBytes = this.lastAnyBytes = deps.clock.monoNow();
    client.on('data', (chunk: Buffer) => this.fromClient(chunk));
    upstream.on('data', (chunk: Buffer) => this.fromUpstream(chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', () => {});
      // Once black-holed, neither side's end reaches the other: each lingers until it gives up itself.
      socket.on('close', () =>
        this.forwarding || (client.destroyed && upstream.destroyed) ? this.destroy() : undefined,
      );
    }
    // A half-close travels on as it would through a proxy.
    client.on('end', () => this.forwarding && upstream.end());
    upstream.on('end', () => this.forwarding && client.end());
    this.arm(deps.intermediary.afterMs);
  }

  private fromClient(chunk: Buffer): void {
    if (!this.forwarding) return;
    if (this.channel === '') this.channel = CHANNEL_IN_REQUEST.exec(chunk.toString('latin1'))?.[1] ?? '-';
    this.lastClientBytes = this.lastAnyBytes = this.deps.clock.monoNow();
    this.upstream.write(chunk);
  }

  private fromUpstream(chunk: Buffer): void {
    // Black-holed bytes are read and dropped, so the service side never stalls on a full buffer.
    if (!this.forwarding) return;
    this.lastAnyBytes = this.deps.clock.monoNow();
    this.client.write(chunk);
  }

  /**
   * Arms the timer for the moment the limit would be reached if nothing moved; when it fires it looks
   * at what moved since and re-arms for the rest, instead of restarting a timer on every chunk.
   */
  private arm(scenarioMs: number): void {
    this.timer = this.deps.timers.after(scenarioMs, () => this.check());
  }

  private check(): void {
    if (this.ended || !this.forwarding) return;
    const { intermediary, clock, timers } = this.deps;
    const since =
      intermediary.idle === 'age'
        ? this.openedAt
        : intermediary.idle === 'client-to-server'
          ? this.lastClientBytes
          : this.lastAnyBytes;
    const limitRealMs = intermediary.afterMs / timers.timeScale;
    const leftRealMs = since + limitRealMs - clock.monoNow();
    if (leftRealMs > 0) {
      this.arm(leftRealMs * timers.timeScale);
      return;
    }
    this.cut();
  }

  private cut(): void {
    const { intermediary, journal } = this.deps;
    journal.record({ kind: 'drop', channel: this.channel, detail: describeCut(intermediary) });
    if (intermediary.cut === 'reset') {
      this.forwarding = false;
      this.client.resetAndDestroy();
      this.upstream.resetAndDestroy();
      return;
    }
    this.forwarding = false;
    this.timer?.cancel();
  }

  destroy(): void {
    if (this.ended) return;
    this.ended = true;
    this.deps.timers.cancelAll();
    if (!this.client.destroyed) this.client.destroy();
    if (!this.upstream.destroyed) this.upstream.destroy();
    this.deps.onEnd();
  }
}

import { ChannelSession, type SessionClosed } from '../channel/session.js';
import { createWatchdog } from '../channel/watchdog.js';
import { IdleprobeError, isIdleprobeError } from '../errors.js';
import type { RunEndReason } from '../events/types.js';
import { NotificationsApi, type Channel } from '../genesys/notifications-api.js';
import { GenesysHttpError } from '../genesys/http.js';
import { backoffDelay } from './backoff.js';
import type { ProbeConfig, ProbeDeps } from './config.js';
import { startAppPings } from './keepalive.js';
import { obtainToken } from './obtain-token.js';
import { resolveTopics } from './resolve-topics.js';
import { StopLatch } from './stop-latch.js';

export interface ProbeOutcome {
  endReason: RunEndReason;
  closures: number;
  /** Set when the run ended because of an error it could not recover from. */
  error?: IdleprobeError;
}

export interface ProbeHandle {
  /** Resolves when the run has stopped and every connection is closed. */
  readonly done: Promise<ProbeOutcome>;
  /** Asks the run to stop (Ctrl-C, SIGTERM); the summary still follows. */
  stop(reason: RunEndReason): void;
}

/**
 * A probe run: token -> topics -> channel -> subscribe -> connect, then watch each connection until it
 * closes, and reconnect (to the same channel while it exists, else a new one) with backoff until a stop
 * condition. Errors before the first connection opens end the run at once (nothing to measure yet);
 * errors after it are logged and retried, because a long soak must survive a blip.
 */
export function startProbe(config: ProbeConfig, deps: ProbeDeps & { onSecret: (secret: string) => void }): ProbeHandle {
  const latch = new StopLatch();
  const done = new ProbeRun(config, deps, latch).run();
  return { done, stop: (reason) => latch.stop(reason) };
}

class ProbeRun {
  private closures = 0;
  private conn = 0;
  private token = '';
  private api!: NotificationsApi;
  private topics: string[] = [];
  private everOpened = false;
  private readonly random: () => number;

  constructor(
    private readonly config: ProbeConfig,
    private readonly deps: ProbeDeps & { onSecret: (secret: string) => void },
    private readonly latch: StopLatch,
  ) {
    this.random = deps.random ?? Math.random;
  }

  async run(): Promise<ProbeOutcome> {
    const durationTimer = this.config.durationMs === null
      ? null
      : this.deps.clock.setTimer(this.wall(this.config.durationMs), () => this.latch.stop('duration'));
    let error: IdleprobeError | undefined;
    try {
      await this.authenticate();
      this.topics = await resolveTopics(this.api, this.config.topics, this.deps.bus);
      await this.connectionLoop();
    } catch (caught) {
      error = asIdleprobeError(caught);
      this.deps.bus.publish({ event: 'error', code: error.code, message: error.message });
      this.latch.stop('error');
    } finally {
      durationTimer?.cancel();
    }
    const endReason = this.latch.reason ?? 'error';
    this.deps.bus.publish({ event: 'run-end', reason: endReason, closures: this.closures });
    return { endReason, closures: this.closures, ...(error ? { error } : {}) };
  }

  private async authenticate(): Promise<void> {
    const { clock, bus, dispatcher, onSecret } = this.deps;
    this.token = await obtainToken(this.config.auth, {
      loginBase: this.config.loginBase, bus, clock, timeScale: this.config.timeScale, onSecret,
      ...(dispatcher ? { dispatcher } : {}),
    });
    this.api = new NotificationsApi({ apiBase: this.config.apiBase, token: this.token, ...(dispatcher ? { dispatcher } : {}) });
  }

  private async connectionLoop(): Promise<void> {
    let channel: Channel | null = null;
    let attempt = 0;
    let retryAfterMs: number | null = null;
    while (!this.latch.reason) {
      if (attempt > 0) {
        const delayMs = this.wall(backoffDelay(attempt, this.config.backoff, this.random, retryAfterMs));
        this.deps.bus.publish({
          event: 'reconnect', channel: channel?.id ?? '', conn: this.conn + 1, attempt, delayMs,
          target: channel ? 'same' : 'new',
        });
        if (await this.sleepUnlessStopped(delayMs)) return;
      }
      attempt += 1;
      retryAfterMs = null;
      try {
        channel ??= await this.createChannel();
        if (this.latch.reason) return;
        const closed = await this.watchConnection(channel);
        if (!closed) return;
        attempt = 1;
        this.closures += 1;
        if (this.config.maxClosures !== null && this.closures >= this.config.maxClosures) {
          this.latch.stop('closures');
          return;
        }
        // Evidence for the analysis as much as a routing decision: a channel gone right after a closure
        // was expired or evicted.
        if (!(await this.api.channelExists(channel.id))) channel = null;
      } catch (caught) {
        const error = asIdleprobeError(caught);
        if (!this.everOpened) throw error;
        this.deps.bus.publish({ event: 'error', code: error.code, message: error.message, ...(channel ? { channel: channel.id } : {}) });
        if (caught instanceof GenesysHttpError) {
          retryAfterMs = caught.retryAfterMs;
          if (caught.status === 404) channel = null;
          if (caught.status === 401) await this.renewToken(error);
        }
        if (error.code === 'IDLEPROBE_ERR_CHANNEL') channel = null;
      }
    }
  }

  /** A client-credentials run gets a fresh token; a pasted token cannot be renewed, so the run ends. */
  private async renewToken(error: IdleprobeError): Promise<void> {
    if (this.config.auth.kind === 'token') throw error;
    await this.authenticate();
  }

  private async createChannel(): Promise<Channel> {
    const channel = await this.api.createChannel();
    this.deps.bus.publish({ event: 'channel', channel: channel.id, expires: channel.expires, connectUri: channel.connectUri });
    if (this.topics.length > 0) {
      const topics = await this.api.replaceSubscriptions(channel.id, this.topics);
      this.deps.bus.publish({
        event: 'subscribe', channel: channel.id,
        topics: topics.map((t) => ({ id: t.id, state: t.state ?? 'Permitted', ...(t.rejectionReason ? { rejectionReason: t.rejectionReason } : {}) })),
      });
    }
    return channel;
  }

  /** Opens one connection and waits for its end; null when the run stopped first. */
  private async watchConnection(channel: Channel): Promise<SessionClosed | null> {
    const { clock, bus, connect } = this.deps;
    this.conn += 1;
    const conn = this.conn;
    const watchdogLimit = this.wall(this.config.watchdogMs);
    const watchdog = createWatchdog({
      clock,
      timeoutMs: watchdogLimit,
      onExpire: (silentMs) => {
        bus.publish({ event: 'watchdog', channel: channel.id, conn, silentMs: round(silentMs), limitMs: round(watchdogLimit) });
        session.kill('watchdog');
      },
    });
    const session: ChannelSession = new ChannelSession({
      url: channel.connectUri, channel: channel.id, conn, bus, clock, onInbound: () => watchdog.feed(),
      ...(connect ? { connect } : {}),
    });
    try {
      const opened = await Promise.race([session.open().then(() => true), this.latch.stopped.then(() => false)]);
      if (!opened) {
        session.kill('probe');
        return null;
      }
    } catch (error) {
      watchdog.stop();
      throw error;
    }
    this.everOpened = true;
    watchdog.feed();
    const pings = this.config.pingIntervalMs === null ? null : startAppPings(session, clock, this.wall(this.config.pingIntervalMs));
    try {
      const ended = await Promise.race([session.closed, this.latch.stopped.then(() => null)]);
      if (ended) return ended;
      await session.stop();
      return null;
    } finally {
      pings?.cancel();
      watchdog.stop();
    }
  }

  /** Waits `ms` of wall time; true when the run was stopped meanwhile. */
  private async sleepUnlessStopped(ms: number): Promise<boolean> {
    let timer: { cancel(): void } | undefined;
    const slept = new Promise<false>((resolve) => {
      timer = this.deps.clock.setTimer(ms, () => resolve(false));
    });
    const stopped = await Promise.race([slept, this.latch.stopped.then(() => true as const)]);
    timer?.cancel();
    return stopped;
  }

  /** Scenario time to wall time: the simulator runs `timeScale` times faster. */
  private wall(scenarioMs: number): number {
    return scenarioMs / this.config.timeScale;
  }
}

function asIdleprobeError(error: unknown): IdleprobeError {
  if (isIdleprobeError(error)) return error;
  return new IdleprobeError('IDLEPROBE_ERR_NETWORK', `unexpected failure: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

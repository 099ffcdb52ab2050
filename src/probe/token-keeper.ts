import type { Dispatcher } from 'undici';
import type { Timer } from '../clock/clock.js';
import type { ScenarioTime } from '../clock/scenario-time.js';
import type { EventBus } from '../events/bus.js';
import { NotificationsApi } from '../genesys/notifications-api.js';
import { requestClientCredentialsToken } from '../genesys/oauth.js';
import { readTokenIdleInfo } from '../genesys/token-idle-info.js';
import { TOKEN_LIFETIME_MAX_MS } from '../protocol/limits.js';
import { loggableMs } from './backoff.js';
import type { ProbeAuth } from './config.js';
import { knownFailure } from './failure.js';
import type { RunState } from './run-state.js';
import { type TokenIdleWatch, watchTokenIdle } from './token-idle-watch.js';
import type { TokenQuiet } from './token-rejection.js';

/** Renew at this share of the token's lifetime: early enough that no call ever meets an expired token. */
const RENEW_AT = 0.9;

/**
 * The shortest token lifetime the keeper renews on, in scenario time: an absurd `expires_in` of
 * milliseconds would otherwise turn renewal into a stream of token requests. Shorter than any lifetime an
 * OAuth client can be given (5 min), so only a broken reply meets it.
 */
const MIN_LIFETIME_MS = 1_000;

/** A token lifetime as the keeper renews on it: within MIN_LIFETIME_MS..TOKEN_LIFETIME_MAX_MS. */
export function usableLifetime(expiresInMs: number): number {
  return Math.min(TOKEN_LIFETIME_MAX_MS, Math.max(MIN_LIFETIME_MS, expiresInMs));
}

/**
 * Holds the run's token and the API client built on it. A client-credentials token is renewed before it
 * expires (and after a 401), each time logged as a `token` event without the token; a pasted token cannot
 * be renewed, and its expiry is unknown, so a 401 on it ends the run with a message saying so.
 */
export class TokenKeeper {
  private client: NotificationsApi | null = null;
  private renewal: Timer | null = null;
  private stopped = false;
  private idleWatch: TokenIdleWatch | null = null;
  private idleTimeoutMs: number | null = null;
  /** A renewal in flight: lanes refused at once (a 401 on every lane) share one new token. */
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly auth: ProbeAuth,
    private readonly context: {
      apiBase: string;
      loginBase: string;
      dispatcher?: Dispatcher;
      signal?: AbortSignal;
      /** The deadline of each REST call, connect to last byte (--http-timeout), in real milliseconds. */
      httpTimeoutMs?: number;
      bus: EventBus;
      time: ScenarioTime;
      /** Ended by a bug in a renewal that runs on its own timer. */
      run: RunState;
      onSecret: (secret: string) => void;
    },
  ) {}

  get canRenew(): boolean {
    return this.auth.kind === 'client-credentials';
  }

  /** A pasted token's quiet time and the org's idle token timeout, when known; null for client credentials. */
  quiet(): TokenQuiet | null {
    return this.idleWatch ? { timeoutMs: this.idleTimeoutMs, quietMs: this.idleWatch.quietMs() } : null;
  }

  /** The API client on the current token. */
  api(): NotificationsApi {
    if (!this.client) throw new Error('TokenKeeper.api() before start()');
    return this.client;
  }

  async start(): Promise<void> {
    await this.obtain(false);
  }

  /** Gets a new token now (after a 401); a pasted token cannot be renewed, so this returns false. */
  async renew(): Promise<boolean> {
    if (!this.canRenew || this.stopped) return false;
    this.renewing ??= this.obtain(true).finally(() => {
      this.renewing = null;
    });
    await this.renewing;
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.renewal?.cancel();
    this.idleWatch?.stop();
  }

  private async obtain(renewed: boolean): Promise<void> {
    const { bus, time, onSecret, dispatcher, signal, httpTimeoutMs } = this.context;
    const { clock } = time;
    const http = {
      ...(dispatcher ? { dispatcher } : {}),
      ...(signal ? { signal } : {}),
      ...(httpTimeoutMs === undefined ? {} : { timeoutMs: httpTimeoutMs }),
      clock,
    };
    if (this.auth.kind === 'token') {
      onSecret(this.auth.token);
      bus.publish({ event: 'token', grant: 'provided', expiresAt: null, expiresInMs: null });
      this.client = new NotificationsApi({ apiBase: this.context.apiBase, token: this.auth.token, ...http });
      // Asked once, at the start, where REST calls happen anyway: asking later would itself reset the
      // idle timer being observed.
      const idle = await readTokenIdleInfo(this.context.apiBase, this.auth.token, http);
      bus.publish({ event: 'token-idle', ...idle });
      this.idleTimeoutMs = idle.idleTimeoutEnabled === false ? null : idle.idleTimeoutMs;
      if (!this.stopped) this.idleWatch = watchTokenIdle({ bus, time, idleTimeoutMs: this.idleTimeoutMs });
      return;
    }
    const grant = await requestClientCredentialsToken({
      loginBase: this.context.loginBase,
      clientId: this.auth.clientId,
      clientSecret: this.auth.clientSecret,
      ...http,
    });
    onSecret(grant.accessToken);
    // expires_in is the service's figure (scenario time under a simulator); expiresAt is when, on the wall.
    // A figure no OAuth client is given is renewed on as the nearest one that is, and said so.
    const lifetimeMs = grant.expiresInMs === null ? null : usableLifetime(grant.expiresInMs);
    if (grant.expiresInMs !== null && lifetimeMs !== grant.expiresInMs && lifetimeMs !== null) {
      bus.publish({ event: 'clamp', what: 'expires-in', givenMs: loggableMs(grant.expiresInMs), usedMs: lifetimeMs });
    }
    const expiresAt = lifetimeMs === null ? null : new Date(clock.wallNow() + time.toRealMs(lifetimeMs)).toISOString();
    bus.publish({
      event: 'token',
      grant: 'client_credentials',
      expiresAt,
      expiresInMs: grant.expiresInMs,
      ...(renewed ? { renewed } : {}),
    });
    this.client = new NotificationsApi({ apiBase: this.context.apiBase, token: grant.accessToken, ...http });
    this.renewal?.cancel();
    if (lifetimeMs !== null && !this.stopped) {
      this.renewal = time.after(lifetimeMs * RENEW_AT, () => {
        this.obtain(true).catch((caught: unknown) => {
          const error = knownFailure(caught);
          if (!error) {
            this.context.run.fail(caught);
            return;
          }
          bus.publish({
            event: 'error',
            code: 'IDLEPROBE_ERR_AUTH',
            message: `could not renew the token before it expired: ${error.message}`,
          });
        });
      });
    }
  }
}

import type { EventEmitter } from 'node:events';
import type { Clock } from '../clock/clock.js';
import { IdleprobeError } from '../errors.js';
import type { Intermediary } from './intermediary.js';
import type { RateLimit } from './rate-limiter.js';
import type { Scenario } from './scenario.js';
import type { RevokeOptions } from './token-revocation.js';
import type { DeniedTopic } from './topic-permissions.js';
import type { Trigger } from './trigger-schema.js';
import type { TriggerOutcome, TriggerSource } from './triggers.js';

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: the system picks a free port. */
  port?: number;
  /** A Scenario object, a built-in name or the path of a scenario JSON file; default 'idle-timeout'. */
  scenario?: Scenario | string;
  /** Default 1; every scenario interval is divided by it. */
  timeScale?: number;
  /** Default systemClock. */
  clock?: Clock;
  /** Default: generated. */
  clientId?: string;
  clientSecret?: string;
  /** Scenario time, default 24 h (the documented default token lifetime). */
  tokenLifetimeMs?: number;
  /**
   * The agent token's lifetime, scenario time; default tokenLifetimeMs. An agent app renews its token by
   * signing in again, which a simulator's agent cannot: `run --sim` gives it one that outlives the run.
   */
  agentTokenLifetimeMs?: number;
  /** Requests per token per window of scenario time; default 300 a minute (documented); null for none. */
  rateLimit?: RateLimit | null;
  /**
   * A relay in front of the WebSockets that cuts connections like a proxy, load balancer or NAT
   * (connectUri then points at it; REST stays direct). Overrides the scenario's; null for none.
   */
  intermediary?: Intermediary | null;
  /** Topics the tokens lack a permission for, added to the scenario's. */
  deniedTopics?: DeniedTopic[];
  /**
   * The URL clients reach the simulator at when it sits behind a reverse proxy, TLS front or load
   * balancer: the base of every `connectUri` it hands out (`https:` becomes `wss:`) and of the REST and
   * OAuth bases it reports. Without it, its own address (or the intermediary's, for sockets).
   */
  publicUrl?: string;
  /**
   * Serve https and wss with a certificate made at start for the hosts it listens on (and the public
   * URL's), signed by a private CA written to a file for clients to trust (`--ca`).
   */
  tls?: boolean;
}

export interface SimulatorTls {
  readonly caFile: string;
  readonly caPem: string;
  readonly hosts: readonly string[];
}

export interface SimulatorCredentials {
  clientId: string;
  clientSecret: string;
  userToken: string;
  userId: string;
}

export interface RunningSimulator {
  /** The REST base clients use: the public URL when one was given, else `localBase`. */
  readonly apiBase: string;
  /** Same origin (OAuth). */
  readonly loginBase: string;
  /** Where the simulator itself listens, `http(s)://127.0.0.1:PORT`: what a front forwards to. */
  readonly localBase: string;
  readonly port: number;
  /** With `tls`: the private CA (PEM and the file written for `--ca`) and the hosts its certificate names. */
  readonly tls: SimulatorTls | null;
  /** The port the intermediary relays WebSockets on, or null when there is none. */
  readonly relayPort: number | null;
  readonly credentials: SimulatorCredentials;
  readonly scenario: Scenario;
  readonly timeScale: number;
  /** What the simulator did, for tests to compare against what the probe saw: emits 'record' with SimRecord. */
  readonly journal: EventEmitter;
  /**
   * Revokes a token the simulator issued: REST answers 401 to it, and its connected channels get
   * `v2.system.token_revoked.{channelId}` (then close unless `closeSockets: false`). Returns how many
   * channels were told.
   */
  revokeToken(token: string, options?: RevokeOptions): number;
  /**
   * Fires a trigger as the control endpoint does (docs/test-bench.md); an unknown channel does nothing
   * and says so in the outcome.
   */
  trigger(trigger: Trigger, source: TriggerSource): TriggerOutcome;
  /** Closes every socket and the server; nothing of the simulator keeps running afterwards. */
  close(): Promise<void>;
}

export function checkPositive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new IdleprobeError('IDLEPROBE_ERR_SIM', `The simulator's ${what} must be a positive number, not ${value}.`);
  }
  return value;
}

export function checkRateLimit(limit: RateLimit | null): RateLimit | null {
  if (limit === null) return null;
  checkPositive(limit.requests, 'rateLimit.requests');
  checkPositive(limit.perMs, 'rateLimit.perMs');
  return limit;
}

export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

import type { Dispatcher } from 'undici';
import type { KeepaliveStrategy } from '../channel/keepalive.js';
import type { PathDescriber, WebSocketFactory } from '../channel/session.js';
import type { Clock } from '../clock/clock.js';
import type { EventBus } from '../events/bus.js';

export type ProbeAuth =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | { kind: 'token'; token: string };

/**
 * A validated probe run. Every duration here is in scenario time: against a simulator running N times
 * faster the probe keeps its timers in scenario time (src/clock/scenario-time.ts), so `--ping 30s` means the
 * same thing at any scale.
 */
export interface ProbeConfig {
  apiBase: string;
  loginBase: string;
  auth: ProbeAuth;
  /** As given: may contain `{me}`. Empty means "the user's presence if the token has a user, else none". */
  topics: string[];
  /** One lane of channels per strategy, run side by side: the decisive experiment of closure-causes.md. */
  keepalives: KeepaliveStrategy[];
  /** Identical channels per strategy (`--channels`). */
  channelsPerKeepalive: number;
  /** After a closure: the same channel while it exists, always a new one, or stop that lane. */
  reconnect: ReconnectPolicy;
  /** Whether the run may create channels beyond the 20 allowed, pushing out the least recently used. */
  allowEviction: boolean;
  /** A connection with no inbound frame for this long is ended by the probe. */
  watchdogMs: number;
  /** Each REST and OAuth call's deadline (--http-timeout), in real milliseconds; the client's default when absent. */
  httpTimeoutMs?: number;
  durationMs: number | null;
  maxClosures: number | null;
  timeScale: number;
  backoff: { initialMs: number; maxMs: number };
}

export interface ProbeDeps {
  clock: Clock;
  bus: EventBus;
  dispatcher?: Dispatcher;
  connect?: WebSocketFactory;
  describePath?: PathDescriber;
  /** The proxy (credentials removed) a connection to this URL goes through, or null when direct. */
  proxyFor?: (url: string) => string | null;
  /** Uniform in [0, 1): the backoff's jitter. Injected so tests are repeatable. */
  random?: () => number;
}

export type ReconnectPolicy = 'same' | 'new' | 'off';

/** Two and a half heartbeats: one late beat is noise, two missing in a row is a dead path. */
export const DEFAULT_WATCHDOG_FACTOR = 2.5;
export const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 60_000 };

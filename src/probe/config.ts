import type { Dispatcher } from 'undici';
import type { Clock } from '../clock/clock.js';
import type { WebSocketFactory } from '../channel/session.js';
import type { EventBus } from '../events/bus.js';

export type ProbeAuth =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | { kind: 'token'; token: string };

/**
 * A validated probe run. Every duration here is in scenario time: against a simulator running N times
 * faster the probe divides its timers by `timeScale`, so `--ping 30s` means the same thing at any scale.
 */
export interface ProbeConfig {
  apiBase: string;
  loginBase: string;
  auth: ProbeAuth;
  /** As given: may contain `{me}`. Empty means "the user's presence if the token has a user, else none". */
  topics: string[];
  pingIntervalMs: number | null;
  /** The service's heartbeat cadence (30 s, documented); the watchdog and missed-beat counts derive from it. */
  heartbeatIntervalMs: number;
  /** A connection with no inbound frame for this long is ended by the probe. */
  watchdogMs: number;
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
  /** Uniform in [0, 1): the backoff's jitter. Injected so tests are repeatable. */
  random?: () => number;
}

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
/** Two and a half heartbeats: one late beat is noise, two missing in a row is a dead path. */
export const DEFAULT_WATCHDOG_FACTOR = 2.5;
export const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 60_000 };

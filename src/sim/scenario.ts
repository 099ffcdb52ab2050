import type { Intermediary } from './intermediary.js';
import type { DeniedTopic } from './topic-permissions.js';

/**
 * A scenario is data: how the simulated notification service behaves on one WebSocket connection. Each
 * one stands for one hypothesis of docs/scenarios.md about why a socket closes, so a probe run against it
 * shows what the evidence of that cause looks like. All durations are scenario time (what the real
 * service would take); the simulator divides them by its time scale.
 */
export interface Scenario {
  name: string;
  /** One line, for `idleprobe scenarios`. */
  summary: string;
  /** Which closure cause of the closure-causes page this scenario stands for. */
  hypothesis: string;
  /** How sure we are that the real service behaves like this (protocol.md's markers). */
  basis: 'documented' | 'observed' | 'assumed';
  /** Scenario time between heartbeats; 30000 in every built-in (documented: about every 30 s). */
  heartbeatIntervalMs: number;
  /** Scenario time between events on subscribed topics; null sends none. */
  topicEventIntervalMs: number | null;
  closeRules: CloseRule[];
  /** Misbehaviour on top of the close rules: odd frames on the socket, failing or slow REST calls. */
  faults?: Fault[];
  /** Topics the token may not subscribe to: `Rejected` with `missingPermissions`, 403 without ignoreErrors. */
  deniedTopics?: DeniedTopic[];
  /** A proxy, load balancer or NAT between client and service, cutting connections on its own timer. */
  intermediary?: Intermediary | null;
}

/**
 * How the service ends a connection. Every `afterMs` is measured from the moment the socket opened,
 * except client-silence, which counts from the last client frame that counts.
 */
export type CloseRule =
  | { kind: 'client-silence'; afterMs: number; code: number; reason: string; countControlFrames: boolean }
  | { kind: 'max-age'; afterMs: number; code: number; reason: string }
  /** Closes at `afterMs`; the socket_closing warning comes `warningLeadMs` earlier, or never when null. */
  | { kind: 'maintenance'; afterMs: number; warningLeadMs: number | null; code: number; reason: string }
  /** Destroys the TCP connection without a close frame: the client sees 1006. */
  | { kind: 'drop'; afterMs: number }
  /** Stops sending anything (heartbeats, events, pongs) without closing: a half-open path. */
  | { kind: 'half-open'; afterMs: number }
  /** Closes when the token that created the channel expires (code and reason default to the policy's). */
  | { kind: 'token-expiry'; code?: number; reason?: string }
  /**
   * The org's idle token timeout (Genesys: 5 min to 8 h, 15 min or less with HIPAA): a user's token that
   * makes no API call for `afterMs` expires (401 afterwards), and the sockets of the channels it created
   * close with this code and reason. Whether and how the real service closes them is assumed.
   */
  | { kind: 'token-idle'; afterMs: number; code: number; reason: string }
  /**
   * Removes the channel at `afterMs`, as a 21st channel created elsewhere would: HEAD answers 404 and the
   * socket closes. `notice` first sends `v2.system.no_longer_subscribed.{channelId}`.
   */
  | { kind: 'evict'; afterMs: number; notice: boolean; code?: number; reason?: string }
  /** Another client connects to the same channel at `afterMs`, which disconnects this one. */
  | { kind: 'second-socket'; afterMs: number; code?: number; reason?: string };

/**
 * Socket faults happen at a connection age (`afterMs`) and again every `repeatMs` when it is set; REST
 * faults hit requests whose path contains `path`, at most `count` times (null: every time).
 */
export type Fault =
  | { kind: 'non-json'; afterMs: number; repeatMs?: number | null; text: string }
  | { kind: 'binary'; afterMs: number; repeatMs?: number | null; bytes: number }
  | { kind: 'oversized'; afterMs: number; repeatMs?: number | null; bytes: number }
  | { kind: 'burst'; afterMs: number; repeatMs?: number | null; count: number }
  | { kind: 'rest-error'; path: string; status: number; count: number | null }
  | { kind: 'rest-slow'; path: string; delayMs: number; count: number | null };

export type FaultKind = Fault['kind'];

export type CloseRuleKind = CloseRule['kind'];

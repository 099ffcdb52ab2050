import { IdleprobeError } from '../errors.js';
import { IDLE_TIMEOUT_REASON } from '../protocol/notification-words.js';
import { HEARTBEAT_INTERVAL_MS } from '../protocol/timing.js';
import type { Scenario } from './scenario.js';

const MINUTE = 60_000;
/** Often enough that a run shows topic traffic, rare enough not to look like keepalive. */
const TOPIC_EVENT_MS = 4 * MINUTE;

/**
 * The scenarios every probe can run against without a Genesys organisation. Close codes and timers are
 * not published by Genesys: each is either what a user reported (1001 "idle timeout" after about 15
 * minutes) or an assumption named as such.
 */
export const BUILT_IN_SCENARIOS: readonly Scenario[] = Object.freeze([
  {
    name: 'idle-timeout',
    summary:
      'Closes 1001 "idle timeout" after 15 min without a client message; heartbeats and control frames do not count.',
    hypothesis: 'client-silence idle timer: the service counts client-to-server messages only',
    basis: 'observed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [
      {
        kind: 'client-silence',
        afterMs: 15 * MINUTE,
        code: 1001,
        reason: IDLE_TIMEOUT_REASON,
        countControlFrames: false,
      },
    ],
  },
  {
    name: 'lifetime-cap',
    summary: 'Closes 1001 at a connection age of 15 min, whatever either side sends.',
    hypothesis: 'connection lifetime cap: a fixed age, independent of traffic',
    basis: 'assumed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [{ kind: 'max-age', afterMs: 15 * MINUTE, code: 1001, reason: IDLE_TIMEOUT_REASON }],
  },
  {
    name: 'maintenance',
    summary: 'Sends v2.system.socket_closing at 10 min, then closes 1001 one minute later.',
    hypothesis: 'service maintenance announced by socket_closing',
    basis: 'documented',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [
      { kind: 'maintenance', afterMs: 11 * MINUTE, warningLeadMs: MINUTE, code: 1001, reason: 'service maintenance' },
    ],
  },
  {
    name: 'network-drop',
    summary: 'Destroys the TCP connection at 10 min without a close frame (the client sees 1006).',
    hypothesis: 'intermediary cut: a proxy, load balancer, firewall or NAT drops the connection',
    basis: 'assumed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [{ kind: 'drop', afterMs: 10 * MINUTE }],
  },
  {
    name: 'idle-token',
    summary:
      'The org\'s idle token timeout (15 min) expires the agent\'s token after its last API call; its channel closes 1001 "idle timeout".',
    hypothesis:
      "token: Genesys's idle token timeout (5 min to 8 h; 15 min or less with HIPAA) counts API calls, never socket traffic",
    basis: 'assumed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [{ kind: 'token-idle', afterMs: 15 * MINUTE, code: 1001, reason: IDLE_TIMEOUT_REASON }],
  },
  {
    name: 'steady',
    summary: 'Never closes: heartbeats every 30 s for as long as the probe runs.',
    hypothesis: 'control: nothing closes the socket, so any closure comes from the client or the path',
    basis: 'documented',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [],
  },
  // Intermediaries: the service itself never closes; a box on the path does. Their timers come from
  // closure-causes.md's common defaults (60, 100, 240, 270, 350, 600, 900 s); which one a user's path has
  // is unknown, so each is assumed.
  {
    name: 'proxy-idle',
    summary:
      'A proxy resets the TCP connection after 100 s without client-to-server bytes (the client sees 1006 ECONNRESET).',
    hypothesis:
      'intermediary cut: a proxy or load balancer whose idle timer waits on the client; WebSocket-level keepalives survive it',
    basis: 'assumed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [],
    intermediary: { name: 'proxy', idle: 'client-to-server', afterMs: 100_000, cut: 'reset' },
  },
  {
    name: 'lb-idle',
    summary:
      'A load balancer resets after 350 s without bytes either way; the 30 s heartbeats keep it from ever firing.',
    hypothesis:
      'control: an idle timer counting both directions and longer than the heartbeat cannot explain a closure',
    basis: 'assumed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [],
    intermediary: { name: 'load-balancer', idle: 'either-direction', afterMs: 350_000, cut: 'reset' },
  },
  {
    name: 'firewall-black-hole',
    summary:
      'A firewall forgets the flow after 240 s without client-to-server bytes and drops its packets; only the watchdog ends it.',
    hypothesis: "half-open path: nothing arrives and nothing closes, so the probe's watchdog has to end the connection",
    basis: 'assumed',
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    topicEventIntervalMs: TOPIC_EVENT_MS,
    closeRules: [],
    intermediary: { name: 'firewall', idle: 'client-to-server', afterMs: 240_000, cut: 'black-hole' },
  },
] satisfies Scenario[]);

/** The built-in scenario with this name, or an error that lists the names there are (see scenario-file.ts for files). */
export function findScenario(name: string): Scenario {
  const found = BUILT_IN_SCENARIOS.find((scenario) => scenario.name === name);
  if (found) return found;
  const names = BUILT_IN_SCENARIOS.map((scenario) => scenario.name).join(', ');
  throw new IdleprobeError(
    'IDLEPROBE_ERR_SIM',
    `There is no built-in scenario named "${name}". Pick one of: ${names} (or give the path of a scenario JSON file).`,
  );
}

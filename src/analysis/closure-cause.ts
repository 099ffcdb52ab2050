/**
 * The causes a closure can be given (closure-causes.md, "Signatures"), and how sure the classifier is.
 * `unexplained` is an answer, not a failure: the classifier says it rather than guess.
 */
export const CLOSURE_CAUSES = [
  'maintenance',
  'channel-expired',
  'evicted',
  'token',
  'second-socket',
  'client-silence',
  'lifetime-cap',
  'intermediary',
  'half-open',
  'client-stalled',
  'protocol-violation',
  'unexplained',
] as const;

export type ClosureCause = (typeof CLOSURE_CAUSES)[number];

/**
 * `high`: the evidence that defines the cause is in the log (a warning, a system message, the channel gone
 * afterwards, a comparison across connections). `medium`: the signature fits but one defining fact could not
 * be checked. `low`: the signature fits and so does another cause; the evidence says which experiment settles it.
 */
export type Confidence = 'high' | 'medium' | 'low';

export interface ClosureVerdict {
  cause: ClosureCause;
  confidence: Confidence;
  /** One sentence naming the facts used, readable on its own in a support case. */
  evidence: string;
}

/** One line of explanation per cause, for legends and docs/causes.md. */
export const CAUSE_MEANING: Readonly<Record<ClosureCause, string>> = {
  maintenance: 'the service announced maintenance (socket_closing) and closed the socket',
  'channel-expired': 'the channel reached the end of its 24-hour life',
  evicted: 'the channel was removed to make room for a 21st channel of the same user or OAuth client',
  token: 'the token that created the channel expired or was revoked',
  'second-socket': 'another socket connected to the same channel, which disconnects the first',
  'client-silence': 'a timer counting time without client-to-server frames closed it',
  'lifetime-cap': 'the connection reached a fixed age, whatever the traffic',
  intermediary: 'a proxy, load balancer, firewall or NAT between the client and the service cut it',
  'half-open': "the path stopped carrying frames and the probe's watchdog ended the connection",
  'client-stalled': 'the client itself stalled (event-loop delay, sleep or clock jump) across the silence',
  'protocol-violation':
    'the server sent what the WebSocket protocol forbids (a close code no peer may send, a close reason too long, invalid UTF-8, a message too large), so the client failed the connection',
  unexplained: 'the log does not hold enough evidence to tell',
};

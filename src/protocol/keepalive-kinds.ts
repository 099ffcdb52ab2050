/**
 * The ways a connection can be kept alive, from the lowest layer up; each reaches the idle timers of its
 * own layer and every layer below it (closure-causes.md, "the decisive experiment"): nothing, TCP keepalive
 * probes (NATs and firewalls), RFC 6455 ping frames (anything that parses WebSocket frames), and the app's
 * `{"message":"ping"}` (the service itself). The probe parses and runs them; the analysis ranks them.
 */
export const KEEPALIVE_KINDS = ['none', 'tcp', 'ws-ping', 'ping'] as const;

export type KeepaliveKind = (typeof KEEPALIVE_KINDS)[number];

const WRITTEN = KEEPALIVE_KINDS.map((kind) => (kind === 'none' ? kind : `${kind}:DURATION`));

/** How a strategy is written on the command line: `none, tcp:DURATION, ws-ping:DURATION or ping:DURATION`. */
export const KEEPALIVE_SYNTAX = `${WRITTEN.slice(0, -1).join(', ')} or ${WRITTEN.at(-1)}`;

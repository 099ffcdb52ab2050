/**
 * RFC 6455 close codes, as far as idleprobe needs them: what may arrive on the wire, and what a log may
 * hold. The service's own codes and reasons are not published (protocol.md); these are the protocol's.
 */

/** The code a connection is given when no close frame arrived (RFC 6455 7.1.5): never sent on the wire. */
export const NO_CLOSE_FRAME_CODE = 1006;

/** The code of a close frame that carried none (RFC 6455 7.1.5): never sent on the wire either. */
export const NO_STATUS_CODE = 1005;

/** Reserved by RFC 6455 (7.4.1) for a meaning it may define later: no peer may send it. */
export const RESERVED_CODE = 1004;

/** The code of a connection whose TLS handshake failed (RFC 6455 7.4.1): never sent on the wire. */
export const TLS_FAILURE_CODE = 1015;

/** The codes an endpoint keeps for its own reports of a connection: a peer that sends one breaks the protocol. */
export const ENDPOINT_ONLY_CODES: readonly number[] = [NO_STATUS_CODE, NO_CLOSE_FRAME_CODE, TLS_FAILURE_CODE];

/** A close code is two bytes on the wire; nothing outside 0..65535 can have arrived or been logged. */
export const MAX_CLOSE_CODE = 0xffff;

/** A control frame (close, ping, pong) carries at most 125 bytes: a close reason at most 123. */
export const MAX_CONTROL_PAYLOAD_BYTES = 125;

/** Whether `value` could be a close code at all: a whole number that fits the frame's two bytes. */
export function isCloseCode(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_CLOSE_CODE;
}

/**
 * Whether a peer may send `code` in a close frame (RFC 6455 7.4.1 and 7.4.2, IANA registry): 1000-1003 and
 * 1007-1014, and 3000-4999 for libraries and applications. 1004 is reserved, 1005, 1006 and 1015 are for an
 * endpoint's own use, and the rest of 0-4999 is unassigned or forbidden.
 */
export function mayBeSent(code: number): boolean {
  if (code === RESERVED_CODE || ENDPOINT_ONLY_CODES.includes(code)) return false;
  return (code >= 1000 && code <= 1014) || (code >= 3000 && code <= 4999);
}

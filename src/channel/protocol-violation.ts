import { ENDPOINT_ONLY_CODES, MAX_CONTROL_PAYLOAD_BYTES, RESERVED_CODE } from '../protocol/close-codes.js';

/**
 * What the server sent when ws failed the connection for it. ws checks every frame against RFC 6455 and
 * its own limits and, on a breach, emits an error whose `code` names the rule (`WS_ERR_INVALID_CLOSE_CODE`)
 * and closes the socket without a close frame from the peer: ws then reports 1006, the code of a connection
 * that died on the way. That is not what happened: something arrived, and this says what.
 */
export interface ProtocolViolation {
  /** ws's name for the rule the frame broke, logged as the close's `error`. */
  wsError: string;
  /** The close code the server's frame carried, when ws read one (it names it in its message). */
  sentCode: number | null;
  /** What the server sent, in a few words, for the log's `violation` field. */
  what: string;
}

/**
 * RFC 6455 pings faster than their pongs could be written: ws ends such a connection to bound its memory,
 * without an error of its own, so this one names it.
 */
export const PING_FLOOD: ProtocolViolation = {
  wsError: 'PING_FLOOD',
  sentCode: null,
  what: 'RFC 6455 pings faster than the client could answer them (more pongs waiting to be written than ws allows)',
};

/** ws's error codes are all `WS_ERR_*`: anything else on the socket is the network's or the probe's. */
export function protocolViolation(error: NodeJS.ErrnoException): ProtocolViolation | null {
  const wsError = error.code;
  if (typeof wsError !== 'string' || !wsError.startsWith('WS_ERR_')) return null;
  const sentCode = wsError === 'WS_ERR_INVALID_CLOSE_CODE' ? codeIn(error.message) : null;
  return { wsError, sentCode, what: describe(wsError, sentCode, error.message) };
}

/** ws says `invalid status code 5000`: the only place the code that arrived survives. */
function codeIn(message: string): number | null {
  const found = /invalid status code (\d{1,5})\b/.exec(message);
  return found ? Number(found[1]) : null;
}

function describe(wsError: string, sentCode: number | null, message: string): string {
  switch (wsError) {
    case 'WS_ERR_INVALID_CLOSE_CODE':
      return `a close frame with code ${sentCode ?? 'unknown'}, ${closeCodeRule(sentCode)}`;
    case 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH':
      return `a control frame (close, ping or pong) longer than the ${MAX_CONTROL_PAYLOAD_BYTES} bytes the protocol allows, such as a close reason over ${MAX_CONTROL_PAYLOAD_BYTES - 2} bytes`;
    case 'WS_ERR_INVALID_UTF8':
      return 'text that is not valid UTF-8 (in a text frame or a close reason)';
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return "a message larger than the client's limit of 100 MiB";
    case 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH':
      return 'a frame whose length does not fit 2^53 - 1 bytes';
    case 'WS_ERR_INVALID_OPCODE':
      return 'a frame with an opcode the protocol does not define, or a continuation with nothing to continue';
    case 'WS_ERR_UNEXPECTED_RSV_1':
    case 'WS_ERR_UNEXPECTED_RSV_2_3':
      return 'a frame with reserved bits set for an extension that was never negotiated';
    case 'WS_ERR_EXPECTED_FIN':
      return 'a fragmented control frame';
    case 'WS_ERR_UNEXPECTED_MASK':
      return 'a masked frame (only a client masks its frames)';
    default:
      return `a frame ws refused: ${message}`;
  }
}

function closeCodeRule(code: number | null): string {
  if (code !== null && ENDPOINT_ONLY_CODES.includes(code))
    return 'a code an endpoint keeps for its own reports and must never send';
  if (code === RESERVED_CODE) return 'a code the protocol reserves';
  return 'outside the codes the protocol lets a peer send (1000-1014, 3000-4999)';
}

import { type ErrorCode, IdleprobeError, isIdleprobeError } from '../errors.js';
import { errorCode } from '../genesys/network-error.js';

/** The `code` of the `error` event for a throw the probe has no name for (docs/log-format.md). */
export const UNEXPECTED_FAILURE_CODE: ErrorCode = 'IDLEPROBE_ERR_UNEXPECTED';

/**
 * Node names a misuse of its own API with `ERR_*` codes (ERR_INVALID_ARG_TYPE): a bug. Every other code on
 * a thrown error names trouble on the way to the service: the operating system's socket errors (ECONNRESET,
 * ENOTFOUND), undici's (UND_ERR_*), ws's (WS_ERR_*), and TLS refusals (ERR_TLS_*, CERT_HAS_EXPIRED).
 */
const PROGRAMMING_CODE = /^ERR_(?!TLS_|SSL_)/;

/**
 * What the probe knows how to handle: its own errors as they are, and a socket error that escaped
 * unwrapped as a network error. Null for anything else, which is a bug (a TypeError, a failed assertion):
 * labelled a network error it would be retried for ever and hide behind "unexpected failure" lines.
 */
export function knownFailure(thrown: unknown): IdleprobeError | null {
  if (isIdleprobeError(thrown)) return thrown;
  const code = errorCode(thrown);
  if (thrown instanceof Error && code !== null && !PROGRAMMING_CODE.test(code)) {
    return new IdleprobeError('IDLEPROBE_ERR_NETWORK', `network failure: ${thrown.message} (${code})`, {
      cause: thrown,
    });
  }
  return null;
}

/**
 * A throw that is a bug ended the run. Its message is one line for the terminal; the stack goes to the
 * event log, where a bug report can quote it.
 */
export class UnexpectedFailure extends Error {
  readonly code = UNEXPECTED_FAILURE_CODE;

  constructor(readonly thrown: unknown) {
    super(`unexpected failure, a bug in idleprobe (its stack is in the event log): ${oneLine(thrown)}`, {
      cause: thrown,
    });
    this.name = 'UnexpectedFailure';
  }

  /** The stack of what was thrown, or its text when it was not an Error. */
  get thrownStack(): string {
    return this.thrown instanceof Error ? (this.thrown.stack ?? String(this.thrown)) : String(this.thrown);
  }
}

function oneLine(thrown: unknown): string {
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return text.split('\n')[0] ?? text;
}

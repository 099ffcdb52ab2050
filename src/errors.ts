/**
 * Every error idleprobe raises on purpose carries a stable `code` (for scripts and tests), a message a
 * person can act on, and the underlying `cause`.
 */
export type ErrorCode =
  | 'IDLEPROBE_ERR_USAGE'
  | 'IDLEPROBE_ERR_CONFIG'
  | 'IDLEPROBE_ERR_AUTH'
  | 'IDLEPROBE_ERR_HTTP'
  | 'IDLEPROBE_ERR_NETWORK'
  | 'IDLEPROBE_ERR_CHANNEL'
  | 'IDLEPROBE_ERR_LOG'
  | 'IDLEPROBE_ERR_LOG_PARSE'
  | 'IDLEPROBE_ERR_SIM'
  /** A throw idleprobe has no name for: a bug, logged with its stack, never retried. */
  | 'IDLEPROBE_ERR_UNEXPECTED';

export class IdleprobeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdleprobeError';
    this.code = code;
  }
}

export function isIdleprobeError(error: unknown, code?: ErrorCode): error is IdleprobeError {
  return error instanceof IdleprobeError && (code === undefined || error.code === code);
}

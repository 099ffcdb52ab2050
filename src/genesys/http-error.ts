import { IdleprobeError } from '../errors.js';

export interface HttpFailure {
  status: number;
  method: string;
  /** The path without its query string: queries may carry things a person should not have to share. */
  path: string;
  retryAfterMs: number | null;
  serviceMessage: string | null;
  correlationId: string | null;
  /** Advice specific to the call that failed, keyed by status; replaces the generic advice for that status. */
  advice?: string | undefined;
}

/**
 * A reply from the Genesys service that was not the success the call expected. 401 becomes
 * IDLEPROBE_ERR_AUTH (the one failure a person fixes by getting new credentials); every other status is
 * IDLEPROBE_ERR_HTTP. The message names the call, the status, what the service said and what to do.
 */
export class GenesysHttpError extends IdleprobeError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs: number | null;
  readonly serviceMessage: string | null;
  readonly correlationId: string | null;

  constructor(failure: HttpFailure, options?: { cause?: unknown }) {
    super(failure.status === 401 ? 'IDLEPROBE_ERR_AUTH' : 'IDLEPROBE_ERR_HTTP', describeFailure(failure), options);
    this.name = 'GenesysHttpError';
    this.status = failure.status;
    this.method = failure.method;
    this.path = failure.path;
    this.retryAfterMs = failure.retryAfterMs;
    this.serviceMessage = failure.serviceMessage;
    this.correlationId = failure.correlationId;
  }
}

export function isGenesysHttpError(error: unknown, status?: number): error is GenesysHttpError {
  return error instanceof GenesysHttpError && (status === undefined || error.status === status);
}

function describeFailure(f: HttpFailure): string {
  const said = f.serviceMessage ? ` The service said: "${f.serviceMessage}".` : '';
  const traced = f.correlationId ? ` (correlation id ${f.correlationId})` : '';
  return `${f.method} ${f.path} failed with ${statusLine(f.status)}${traced}.${said} ${f.advice ?? adviceFor(f)}`;
}

function adviceFor(f: HttpFailure): string {
  const s = f.status;
  if (s === 401) {
    return 'The token was rejected: it expired or was revoked. Get a new one (a pasted user token lasts only as long as its session), or check the OAuth client id and secret.';
  }
  if (s === 403) {
    return "The token lacks a permission this call needs: give the OAuth client's role (or the user) the permission the service named, then get a new token.";
  }
  if (s === 404) return 'The resource does not exist (any more): check the id and the region.';
  if (s === 429) {
    const wait = f.retryAfterMs === null ? 'a minute' : `${Math.ceil(f.retryAfterMs / 1000)} s`;
    return `The token is rate limited (about 300 requests a minute per token): retry after ${wait}, and make sure no other process shares this token or OAuth client heavily.`;
  }
  if (s >= 500) {
    return 'The service (or a gateway in front of it) is in trouble; this is not caused by your settings. Retry in a few minutes and check the Genesys Cloud status page if it persists.';
  }
  if (s === 400) return 'The service refused the request as invalid: check the values named in its message.';
  return 'Check the base URL and region: this reply is not one the Genesys API documents for this call.';
}

function statusLine(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    408: 'Request Timeout',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  const name = names[status];
  return name ? `${status} ${name}` : String(status);
}

import { UpgradeRefusedError } from '../channel/socket-data.js';
import type { IdleprobeError } from '../errors.js';
import { GenesysHttpError } from '../genesys/http.js';

/** Socket and client codes that all mean the same thing to a person counting failed attempts. */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * A failed attempt to connect or reconnect, in the word its blind time is counted by: `HTTP 503` for an
 * answer (REST or the upgrade), the socket's own code for a connection that got none (`ECONNREFUSED`,
 * `ENOTFOUND`), `timeout` for every kind of deadline, and the error's kind when nothing more is known.
 */
export function attemptCause(error: IdleprobeError): string {
  if (error instanceof GenesysHttpError || error instanceof UpgradeRefusedError) return `HTTP ${error.status}`;
  const code = socketCode(error.cause);
  if (code !== null) return TIMEOUT_CODES.has(code) ? 'timeout' : code;
  return error.code.replace(/^IDLEPROBE_ERR_/, '').toLowerCase();
}

/**
 * The first code on the chain of causes that is not one of idleprobe's own (a proxy error wraps the socket's);
 * a failed happy-eyeballs connect is an AggregateError whose inner errors carry the codes.
 */
function socketCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 6) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '' && !code.startsWith('IDLEPROBE_ERR_')) return code;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return socketCode(inner[0], depth + 1);
  return socketCode((error as { cause?: unknown }).cause, depth + 1);
}

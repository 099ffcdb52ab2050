import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGenesysError } from './http-io.js';
import type { SimContext } from './sim-context.js';
import type { IssuedToken } from './token-store.js';

/**
 * The bearer token of a Platform API call, or a 401 already sent. Expired and revoked tokens get the same
 * 401 as unknown ones, as the real API does (documented: 401 for a bad or expired token).
 */
export function authenticate(context: SimContext, request: IncomingMessage, response: ServerResponse): IssuedToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) {
    sendGenesysError(response, 401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
    return undefined;
  }
  const check = context.tokens.check(match[1] as string);
  if (!check.ok) {
    sendGenesysError(response, 401, 'bad.credentials', 'Invalid login credentials.');
    return undefined;
  }
  return check.token;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientLabel } from './journal.js';
import type { SimContext } from './sim-context.js';

/** The channel a Platform API path names, for the record of the call. */
const CHANNEL_IN_PATH = /^\/api\/v2\/notifications\/channels\/([^/]+)/;

/**
 * Journals a REST call (Platform API or OAuth) when its answer has been sent: method, path without the
 * query, status, and Retry-After when the answer carried one. Who made it is read from the credentials
 * it carried, never copied: the token's subject, or the OAuth client id when it is this simulator's.
 */
export function journalRestCall(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): void {
  const method = request.method ?? 'GET';
  const client = callerOf(context, request.headers.authorization);
  response.once('finish', () => {
    const retryAfter = Number(response.getHeader('retry-after'));
    context.journal.record({
      kind: 'rest',
      channel: channelOf(context, path),
      client,
      method,
      path,
      status: response.statusCode,
      ...(Number.isFinite(retryAfter) && response.hasHeader('retry-after') ? { retryAfter } : {}),
    });
  });
}

function callerOf(context: SimContext, authorization: string | undefined): string {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (bearer) {
    const token = context.tokens.find(bearer[1] as string);
    return token ? clientLabel(token) : '';
  }
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!basic) return '';
  const id = Buffer.from(basic[1] as string, 'base64')
    .toString('utf8')
    .split(':')[0];
  return id === context.clientId ? id : '';
}

/** The channel id in the path when the simulator ever created it (a made-up one is not journalled). */
function channelOf(context: SimContext, path: string): string {
  const id = CHANNEL_IN_PATH.exec(path)?.[1];
  return id !== undefined && context.journal.created(id) ? id : '';
}

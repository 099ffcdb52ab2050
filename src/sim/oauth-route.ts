import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-io.js';
import { clientLabel } from './journal.js';
import type { SimContext } from './sim-context.js';

/**
 * `POST /oauth/token` with the client-credentials grant, as the login service documents it. `expires_in`
 * is in seconds of scenario time: with a time scale of 60, a 24 h token reports 86400 and really lasts
 * 24 minutes, so a probe divides by the time scale it was told.
 */
export async function handleOAuthToken(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'POST') {
    sendJson(response, 405, oauthError('invalid_request', 'use POST for /oauth/token'));
    return;
  }
  const body = await readBody(request);
  if (!hasClientCredentials(context, request.headers.authorization)) {
    sendJson(response, 401, oauthError('invalid_client', 'client not found'));
    return;
  }
  const grant = new URLSearchParams(body).get('grant_type');
  if (grant !== 'client_credentials') {
    sendJson(
      response,
      400,
      oauthError(
        'unsupported_grant_type',
        `grant type ${grant === null ? '(none)' : JSON.stringify(grant)} is not supported`,
      ),
    );
    return;
  }
  const token = context.tokens.issue({ clientId: context.clientId, userId: null }, context.tokenLifetimeMs);
  context.journal.record({
    kind: 'token',
    channel: '',
    client: clientLabel(token),
    grant: 'client_credentials',
    expiresInMs: context.tokenLifetimeMs,
  });
  sendJson(response, 200, {
    access_token: token.value,
    token_type: 'bearer',
    expires_in: Math.round(context.tokenLifetimeMs / 1000),
  });
}

function hasClientCredentials(context: SimContext, header: string | undefined): boolean {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  return sameText(decoded, `${context.clientId}:${context.clientSecret}`);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The login service's error body. */
function oauthError(error: string, description: string): Record<string, string> {
  return { error, description, error_description: description };
}

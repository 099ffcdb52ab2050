import type { IncomingMessage, ServerResponse } from 'node:http';
import { availableTopicsJson } from './available-topics.js';
import { sendGenesysError, sendJson } from './http-io.js';
import { authenticate } from './rest-auth.js';
import { createChannel, handleSubscriptions, listChannels } from './rest-channels.js';
import { idleTimeoutJson, TOKENS_ME, TOKENS_TIMEOUT, tokenInfoJson } from './rest-tokens.js';
import type { SimContext } from './sim-context.js';
import type { IssuedToken } from './token-store.js';

const CHANNELS = '/api/v2/notifications/channels';
const ONE_CHANNEL = /^\/api\/v2\/notifications\/channels\/([^/]+)$/;
const SUBSCRIPTIONS = /^\/api\/v2\/notifications\/channels\/([^/]+)\/subscriptions$/;

/** The Platform API calls idleprobe uses (protocol.md, "REST: channels and subscriptions"). */
export async function handleApi(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname;
  if (!isKnownPath(path)) {
    sendGenesysError(response, 404, 'not.found', `The requested resource was not found: ${request.method} ${path}.`);
    return;
  }
  const token = authenticate(context, request, response);
  if (!token) return;
  const method = request.method ?? 'GET';

  if (path === CHANNELS) {
    if (method === 'POST') return createChannel(context, token, response);
    if (method === 'GET') return listChannels(context, token, url, response);
    return notAllowed(response, method, path);
  }
  const one = ONE_CHANNEL.exec(path);
  if (one) {
    // Documented: there is no GET of a single channel; HEAD is the existence check.
    if (method !== 'HEAD') return notAllowed(response, method, path);
    const channel = context.channels.get(decodeURIComponent(one[1] as string));
    if (channel) context.channels.touch(channel);
    sendJson(response, channel ? 200 : 404, undefined);
    return;
  }
  const subscriptions = SUBSCRIPTIONS.exec(path);
  if (subscriptions) {
    const channel = context.channels.get(decodeURIComponent(subscriptions[1] as string));
    if (!channel) {
      sendGenesysError(response, 404, 'not.found', 'The channel does not exist or has expired: create a new one.');
      return;
    }
    await handleSubscriptions(context, channel, request, response, url);
    return;
  }
  if (method !== 'GET') return notAllowed(response, method, path);
  if (path === '/api/v2/users/me') return usersMe(context, token, response);
  if (path === TOKENS_ME) return sendJson(response, 200, tokenInfoJson(context, token));
  if (path === TOKENS_TIMEOUT) return sendJson(response, 200, idleTimeoutJson(context));
  return sendJson(response, 200, availableTopicsJson(context.deniedTopics));
}

function isKnownPath(path: string): boolean {
  return (
    path === CHANNELS ||
    ONE_CHANNEL.test(path) ||
    SUBSCRIPTIONS.test(path) ||
    path === '/api/v2/users/me' ||
    path === TOKENS_ME ||
    path === TOKENS_TIMEOUT ||
    path === '/api/v2/notifications/availabletopics'
  );
}

function usersMe(context: SimContext, token: IssuedToken, response: ServerResponse): void {
  if (token.userId === null) {
    // The real API refuses /users/me to a client-credentials token this way.
    sendGenesysError(
      response,
      400,
      'bad.request',
      'This request requires a user context. Client credentials cannot be used for requests to this resource.',
    );
    return;
  }
  const { id, name } = context.user;
  sendJson(response, 200, {
    id,
    name,
    division: {
      id: '00000000-0000-4000-8000-000000000000',
      name: 'Home',
      selfUri: '/api/v2/authorization/divisions/00000000-0000-4000-8000-000000000000',
    },
    chat: { jabberId: `${id}@simulated.orgspan.com` },
    email: 'agent@example.com',
    state: 'active',
    username: 'agent@example.com',
    version: 1,
    acdAutoAnswer: false,
    selfUri: `/api/v2/users/${id}`,
  });
}

function notAllowed(response: ServerResponse, method: string, path: string): void {
  sendGenesysError(response, 405, 'method.not.allowed', `${method} is not supported on ${path}.`);
}

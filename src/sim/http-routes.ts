import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, handleControl } from './control-route.js';
import { BodyTooLargeError, sendGenesysError } from './http-io.js';
import { handleOAuthToken } from './oauth-route.js';
import { journalRestCall } from './rest-journal.js';
import { handleApi } from './rest-router.js';
import type { SimContext } from './sim-context.js';
import type { Triggers } from './triggers.js';

/**
 * Every HTTP request of the simulator: its own control endpoint apart; then, for the simulated service,
 * faults first, then OAuth, then the Platform API, each call journalled.
 */
export async function handleRequest(
  context: SimContext,
  triggers: Triggers,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sim');
  try {
    if (url.pathname.startsWith(CONTROL_PREFIX)) return await handleControl(triggers, request, response, url.pathname);
    journalRestCall(context, request, response, url.pathname);
    if (await context.restFaults.intercept(request, response, url.pathname)) return;
    if (url.pathname === '/oauth/token') return await handleOAuthToken(context, request, response);
    if (url.pathname.startsWith('/api/v2/')) return await handleApi(context, request, response, url);
    sendGenesysError(
      response,
      404,
      'not.found',
      `The requested resource was not found: ${request.method} ${url.pathname}.`,
    );
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendGenesysError(response, 413, 'request.entity.too.large', 'The request body is too large.', {
      connection: 'close',
    });
  }
}

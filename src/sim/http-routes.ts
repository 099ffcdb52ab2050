import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, sendGenesysError } from './http-io.js';
import { handleOAuthToken } from './oauth-route.js';
import { journalRestCall } from './rest-journal.js';
import { handleApi } from './rest-router.js';
import type { SimContext } from './sim-context.js';

/** Every HTTP request of the simulated service: faults first, then OAuth, then the Platform API. */
export async function handleRequest(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sim');
  journalRestCall(context, request, response, url.pathname);
  try {
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

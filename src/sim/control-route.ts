import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-io.js';
import { isLoopbackPeer } from './loopback-peer.js';
import { parseTrigger } from './trigger-schema.js';
import type { Triggers } from './triggers.js';

/** The simulator's own paths, beside the service's: never part of what it plays. */
export const CONTROL_PREFIX = '/_idleprobe/';
/** The control endpoint's contract: `POST /_idleprobe/trigger` with `{"action", "channel", ...options}`. */
export const TRIGGER_PATH = '/_idleprobe/trigger';

/**
 * The control endpoint: fires a trigger and answers 200 with what it did, 400 with the reason for a bad
 * request, 403 to a peer that is not this machine's loopback (whatever a front in between claims: the TCP
 * peer is checked, so a front on the same machine makes every request look local).
 */
export async function handleControl(
  triggers: Triggers,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  if (!isLoopbackPeer(request.socket.remoteAddress)) {
    fail(response, 403, 'The control endpoint answers only requests from this machine (a loopback address).');
    return;
  }
  if (path !== TRIGGER_PATH) {
    fail(response, 404, `There is no ${path}: the control endpoint is POST ${TRIGGER_PATH}.`);
    return;
  }
  if (request.method !== 'POST') {
    fail(response, 405, `Use POST for ${TRIGGER_PATH}, not ${request.method}.`, { allow: 'POST' });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request));
  } catch {
    fail(response, 400, 'The body is not JSON: send {"action": "maintenance", "channel": "*"} or the like.');
    return;
  }
  const parsed = parseTrigger(body);
  const problem = parsed.ok ? triggers.problem(parsed.trigger) : parsed.problem;
  if (!parsed.ok || problem !== null) {
    fail(response, 400, problem ?? 'The trigger is not valid.');
    return;
  }
  sendJson(response, 200, triggers.fire(parsed.trigger, 'endpoint'));
}

function fail(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { status, message }, headers);
}

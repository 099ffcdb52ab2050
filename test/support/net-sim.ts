import type { IncomingMessage } from 'node:http';
import { type Dispatcher, request } from 'undici';
import type WebSocket from 'ws';
import type { WebSocketFactory } from '../../src/channel/session.js';
import { within } from './deadline.js';

/** Creates a notification channel over REST through the given dispatcher: the probe's first call. */
export async function createChannelVia(
  dispatcher: Dispatcher,
  apiBase: string,
  token: string,
): Promise<{ id: string; connectUri: string }> {
  const reply = await request(`${apiBase}/api/v2/notifications/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    dispatcher,
  });
  const body = (await reply.body.json()) as { id: string; connectUri: string };
  if (reply.statusCode !== 200) throw new Error(`channel creation answered ${reply.statusCode}`);
  return body;
}

export interface OpenedSocket {
  ws: WebSocket;
  upgrade: IncomingMessage;
  /** The first text frame the service sent (a heartbeat, on a fresh channel). */
  firstFrame: Promise<string>;
}

/** Opens a WebSocket with the factory under test; rejects with the socket's error if it cannot open. */
export function openSocket(connect: WebSocketFactory, url: string): Promise<OpenedSocket> {
  const ws = connect(url);
  const firstFrame = within(
    new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data)))),
    `a first frame on ${url}`,
  );
  const opened = new Promise<OpenedSocket>((resolve, reject) => {
    let upgrade: IncomingMessage | null = null;
    ws.once('upgrade', (response: IncomingMessage) => {
      upgrade = response;
    });
    ws.once('open', () => resolve({ ws, upgrade: upgrade!, firstFrame }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response: IncomingMessage) =>
      reject(new Error(`upgrade answered ${response.statusCode}`)),
    );
  });
  return within(opened, `a WebSocket to open on ${url}`);
}

/** Closes a socket and waits until it is closed. */
export function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return within(
    new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    }),
    'a terminated WebSocket to close',
  );
}

import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { Intermediary } from '../../src/sim/intermediary.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/simulator.js';
import { within } from './deadline.js';
import { clientToken, createChannel, JournalTap } from './sim-client.js';

/** How a relayed socket ended, as the client saw it. */
export interface ClientEnd {
  code: number;
  /** The socket error before the close, e.g. ECONNRESET, if any. */
  errorCode: string | undefined;
  /** performance.now() at the close. */
  at: number;
}

export interface RelayedSocket {
  ws: WebSocket;
  messages: string[];
  ended: Promise<ClientEnd>;
}

/** A scenario that sends only heartbeats, at the given real interval, and never closes by itself. */
export function quietScenario(heartbeatIntervalMs: number, intermediary: Intermediary): Scenario {
  return {
    name: 'relay-test',
    summary: 'relay test',
    hypothesis: 'intermediary',
    basis: 'assumed',
    heartbeatIntervalMs,
    topicEventIntervalMs: null,
    closeRules: [],
    intermediary,
  };
}

/** A simulator with an intermediary, a channel on it, and a journal tap started before anything happened. */
export async function relayedChannel(
  scenario: Scenario,
  timeScale = 1,
): Promise<{ sim: RunningSimulator; journal: JournalTap; connectUri: string }> {
  const sim = await startSimulator({ scenario, timeScale, rateLimit: null });
  const journal = new JournalTap(sim.journal);
  const channel = await createChannel(sim, await clientToken(sim));
  return { sim, journal, connectUri: channel.connectUri };
}

/** Opens a plain ws client and records every text frame and how the socket ended. */
export async function openRelayed(uri: string): Promise<RelayedSocket> {
  const ws = new WebSocket(uri);
  const messages: string[] = [];
  let errorCode: string | undefined;
  ws.on('message', (data) => messages.push(data.toString()));
  // ws does not surface a TCP error such as ECONNRESET as a WebSocket 'error': read it off the socket.
  ws.once('upgrade', (response) =>
    response.socket.on('error', (error: NodeJS.ErrnoException) => (errorCode ??= error.code)),
  );
  ws.on('error', (error: NodeJS.ErrnoException) => (errorCode ??= error.code));
  const ended = within(
    once(ws, 'close').then(([code]) => ({ code: code as number, errorCode, at: performance.now() })),
    'the relayed socket to close',
  );
  await within(once(ws, 'open'), `a WebSocket to open through the relay on ${uri}`);
  return { ws, messages, ended };
}

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SimChannel } from './channel-registry.js';
import { CLOSE_REPLACED } from './service-policy.js';
import type { SimContext } from './sim-context.js';
import { SimSocketSession } from './socket-session.js';
import { handleSocketMessage } from './socket-subscribe.js';

const CHANNEL_PATH = /^\/channels\/([^/]+)$/;

/**
 * The WebSocket side of the simulated service: upgrades on `/channels/{id}` become socket sessions; an
 * unknown or expired channel is refused with 404 before the upgrade, as the streaming host does.
 */
export class SocketGateway {
  private readonly sessions = new Set<SimSocketSession>();
  // autoPong off: the session answers RFC 6455 pings itself, so a half-open scenario can stop answering.
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  /** The journal's serial number of the last connection accepted. */
  private serial = 0;

  constructor(private readonly context: SimContext) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {});
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    const match = CHANNEL_PATH.exec(path);
    const id = match ? safeDecode(match[1] as string) : '';
    const retryAfter = this.context.gates.refusal(id);
    if (retryAfter !== null) {
      this.context.journal.record({
        kind: 'refused',
        channel: id.length <= MAX_ID_LENGTH ? id : '',
        status: 503,
        retryAfter,
      });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${retryAfter}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    const channel = id === '' ? undefined : this.context.channels.get(id);
    if (!channel) {
      // The id a client asked for is journalled only when it could be one: a long one is not ours.
      this.context.journal.record({ kind: 'refused', channel: id.length <= MAX_ID_LENGTH ? id : '', status: 404 });
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) =>
      this.context.scheduler.run(() => this.attach(channel, ws, socket as Socket)),
    );
  }

  private attach(channel: SimChannel, ws: WebSocket, tcp: Socket): void {
    const { context } = this;
    const { tokens, channels, clock } = context;
    // Documented: one WebSocket per channel; connecting a second disconnects the first.
    channel.socket?.endForChannel(CLOSE_REPLACED.code, CLOSE_REPLACED.reason, 'second-socket');
    const session = new SimSocketSession({
      ws,
      channel,
      scenario: context.scenario,
      clock,
      journal: context.journal,
      serial: ++this.serial,
      tcp,
      timers: context.scheduler.group(),
      services: {
        tokenRemainingRealMs: (target) => {
          const check = tokens.check(target.token);
          return check.ok ? check.token.expiresAt - clock.monoNow() : 0;
        },
        tokenIdleRemainingRealMs: (target) => {
          const check = tokens.check(target.token);
          return check.ok ? tokens.idleRemainingRealMs(check.token) : 0;
        },
        evict: (target, close) => channels.remove(target.id, 'evicted', close),
      },
      onClientMessage: (from, message) => handleSocketMessage(context, from, message),
      onEnded: (ended) => this.sessions.delete(ended),
    });
    this.sessions.add(session);
    channel.socket = session;
    channels.touch(channel);
    session.start();
  }

  /** Ends every session silently and stops accepting upgrades. */
  closeAll(): void {
    for (const session of [...this.sessions]) session.shutdown();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

/** Longer than any channel id the service hands out, with room to spare. */
const MAX_ID_LENGTH = 100;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

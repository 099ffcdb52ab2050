import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { Clock } from '../clock/clock.js';
import { round } from '../clock/round.js';
import { IdleprobeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { ClosedBy, PathFingerprint } from '../events/types.js';
import { errorCode } from '../genesys/network-error.js';
import { classifyFrame, inboundEvent } from '../protocol/classify-frame.js';
import { NO_CLOSE_FRAME_CODE } from '../protocol/close-codes.js';
import { APP_PING_PAYLOAD } from '../protocol/notification-words.js';
import { PING_FLOOD, type ProtocolViolation, protocolViolation } from './protocol-violation.js';
import { newestAndClear, rawLength, rawText, upgradeRefused } from './socket-data.js';

export type WebSocketFactory = (url: string) => WebSocket;

/** Reads what the path of a new connection looks like from its 101 response (src/net/fingerprint.ts). */
export type PathDescriber = (upgrade: IncomingMessage, url: string) => PathFingerprint | Promise<PathFingerprint>;

export interface SessionClosed {
  code: number;
  reason: string;
  clean: boolean;
  by: ClosedBy;
  error?: string;
  /** What the server sent that the protocol forbids, when the client failed the connection for it. */
  violation?: string;
}

export const defaultWebSocketFactory: WebSocketFactory = (url) =>
  // No compression offer: the official clients make none, and a probe must look like them on the wire.
  new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 30_000 });

/**
 * One WebSocket connection to one channel, turning every socket callback into one typed event on the bus.
 * It sends nothing by itself: frames go out only through `sendAppPing`, and each is logged.
 */
export class ChannelSession {
  readonly closed: Promise<SessionClosed>;
  private resolveClosed!: (closed: SessionClosed) => void;
  private socket: WebSocket | null = null;
  private endingBy: ClosedBy | null = null;
  private lastError: string | undefined;
  /** Set when ws failed an open connection for what the server sent: the close is then the server's. */
  private violation: ProtocolViolation | null = null;
  private readonly appPingsInFlight: number[] = [];
  private readonly wsPingsInFlight: number[] = [];
  private opened = false;
  private tcpSocket: Socket | null = null;

  constructor(
    private readonly options: {
      url: string;
      channel: string;
      conn: number;
      /** The probe's lane making this connection, recorded on `connecting`. */
      lane?: number;
      bus: EventBus;
      clock: Clock;
      connect?: WebSocketFactory;
      /** The keepalive strategy's label, recorded on `connecting` and `open`. */
      keepalive?: string;
      describePath?: PathDescriber;
      /**
       * Called for every inbound frame, control frames included: the watchdog's food. `arrived` is the
       * clock's monotonic reading when the frame came, the stamp the frame's event gets: what the callback
       * logs about it (a `resumed`) must not come later in the log than the frame.
       */
      onInbound?: (arrived: number) => void;
    },
  ) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  get isOpen(): boolean {
    return this.opened && this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket; rejects with a readable error when the upgrade fails. */
  open(): Promise<void> {
    const { channel, conn, bus, lane } = this.options;
    const keepalive = this.options.keepalive ?? 'none';
    bus.publish({ event: 'connecting', channel, conn, keepalive, ...(lane === undefined ? {} : { lane }) });
    const socket = (this.options.connect ?? defaultWebSocketFactory)(this.options.url);
    this.socket = socket;
    this.watchPingFlood(socket);
    let upgrade: IncomingMessage | null = null;
    socket.once('upgrade', (response: IncomingMessage) => {
      upgrade = response;
      this.tcpSocket = response.socket as Socket;
      // ws destroys the TCP socket on a reset without an 'error' on the WebSocket, so the cause of a
      // 1006 (ECONNRESET, a black hole ended by us) is only visible on the socket itself.
      this.tcpSocket.on('error', (error: NodeJS.ErrnoException) => {
        this.lastError ??= error.code ?? error.message;
      });
    });
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => {
        response.resume();
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        socket.terminate();
        reject(upgradeRefused(response, this.options.clock.wallNow()));
      });
      socket.once('open', () => {
        this.opened = true;
        bus.publish({ event: 'open', channel, conn, keepalive });
        if (upgrade && this.options.describePath) this.publishPath(upgrade, this.options.describePath);
        resolve();
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        this.lastError = error.code ?? error.message;
        if (this.opened) this.violation ??= protocolViolation(error);
        if (!this.opened) {
          reject(
            new IdleprobeError('IDLEPROBE_ERR_NETWORK', `could not open the WebSocket: ${error.message}`, {
              cause: error,
            }),
          );
        }
      });
      socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
      socket.on('ping', () =>
        this.onControl('RFC 6455 ping from the service (ws answers it with a pong, as the RFC requires)'),
      );
      socket.on('pong', () => this.onWsPong());
      socket.on('close', (code, reason) => this.onClose(code, reason.toString('utf8')));
    });
  }

  /** Sends the app-level `{"message":"ping"}` and logs it; the reply's round trip is measured. */
  sendAppPing(): void {
    if (!this.isOpen || !this.socket) return;
    const { channel, conn, bus, clock } = this.options;
    this.appPingsInFlight.push(clock.monoNow());
    this.socket.send(APP_PING_PAYLOAD);
    bus.publish({ event: 'ping', channel, conn, kind: 'app', payload: APP_PING_PAYLOAD });
  }

  /** Sends an RFC 6455 ping frame (empty payload) and logs it; the pong frame's round trip is measured. */
  sendWsPing(): void {
    if (!this.isOpen || !this.socket) return;
    const { channel, conn, bus, clock } = this.options;
    this.wsPingsInFlight.push(clock.monoNow());
    this.socket.ping();
    bus.publish({ event: 'ping', channel, conn, kind: 'ws', payload: '' });
  }

  /** Lets the kernel send TCP keepalive probes after `idleMs` of silence (whole seconds, at least 1). */
  enableTcpKeepalive(idleMs: number): void {
    this.tcpSocket?.setKeepAlive(true, Math.max(1_000, Math.round(idleMs / 1_000) * 1_000));
  }

  /** Closes the connection because the run is stopping; resolves once the socket is closed. */
  stop(timeoutMs = 2_000): Promise<SessionClosed> {
    if (!this.socket || this.endingBy) return this.closed;
    this.endingBy = 'probe';
    this.socket.close(1000, 'idleprobe run ended');
    // A peer that never answers the close handshake must not hold the run open.
    const timer = this.options.clock.setTimer(timeoutMs, () => this.socket?.terminate());
    return this.closed.finally(() => timer.cancel());
  }

  /** Destroys the connection without a close handshake: a silent path will not carry one. */
  kill(by: ClosedBy): void {
    if (!this.socket || this.endingBy) return;
    this.endingBy = by;
    this.socket.terminate();
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    const { channel, conn, bus, clock } = this.options;
    // The frame's time is read before anything is done with it: feeding the watchdog, decoding and
    // classifying it come after, and must not make its stamp (or a pong's round trip) later.
    const arrived = clock.monoNow();
    this.options.onInbound?.(arrived);
    const meaning = classifyFrame(isBinary ? null : rawText(data));
    let rttMs: number | null = null;
    if (meaning.kind === 'pong') {
      const sentAt = newestAndClear(this.appPingsInFlight);
      rttMs = sentAt === undefined ? null : round(arrived - sentAt, 3);
    }
    bus.publish(inboundEvent(meaning, { channel, conn, bytes: rawLength(data), binary: isBinary, rttMs }), arrived);
  }

  private onWsPong(): void {
    const { channel, conn, bus, clock } = this.options;
    const arrived = clock.monoNow();
    this.options.onInbound?.(arrived);
    const sentAt = newestAndClear(this.wsPingsInFlight);
    bus.publish(
      { event: 'pong', channel, conn, kind: 'ws', rttMs: sentAt === undefined ? null : round(arrived - sentAt, 3) },
      arrived,
    );
  }

  private publishPath(upgrade: IncomingMessage, describePath: PathDescriber): void {
    const { channel, conn, bus, url } = { ...this.options };
    Promise.resolve()
      .then(() => describePath(upgrade, url))
      .then(
        (path) => bus.publish({ event: 'path', channel, conn, ...path }),
        // The connection itself is fine, so neither kind of failure ends it; a describer that threw
        // without a network error code has a bug, which the log keeps with its stack.
        (error: Error) =>
          bus.publish({
            event: 'error',
            message: `could not describe the connection's path: ${error.message}`,
            channel,
            conn,
            ...(errorCode(error) === null
              ? { code: 'IDLEPROBE_ERR_UNEXPECTED', stack: error.stack ?? String(error) }
              : { code: 'IDLEPROBE_ERR_NETWORK' }),
          }),
      );
  }

  private onControl(note: string): void {
    const { channel, conn, bus, clock } = this.options;
    const arrived = clock.monoNow();
    this.options.onInbound?.(arrived);
    bus.publish({ event: 'frame', channel, conn, kind: 'control', bytes: 0, note }, arrived);
  }

  private onClose(code: number, reason: string): void {
    if (!this.opened) {
      // Never opened: nothing to log (open() reports the failure), but whoever waits must not hang.
      this.resolveClosed({
        code,
        reason,
        clean: false,
        by: this.endingBy ?? 'network',
        ...(this.lastError ? { error: this.lastError } : {}),
      });
      return;
    }
    const closed = this.violation && !this.endingBy ? violationClose(this.violation) : this.plainClose(code, reason);
    const { channel, conn, bus } = this.options;
    bus.publish({ event: 'close', channel, conn, ...closed });
    this.resolveClosed(closed);
  }

  /**
   * ws bounds a ping flood: when more RFC 6455 pings wait for their automatic pong than it allows, it ends
   * the connection with its own terminate() and tells nobody, so the close would read as a death on the
   * way. Its terminate is the one place to see it: one called while open, and not by us, is ws's guard.
   */
  private watchPingFlood(socket: WebSocket): void {
    const terminate = socket.terminate.bind(socket);
    socket.terminate = () => {
      if (this.endingBy === null && this.opened && socket.readyState === WebSocket.OPEN) this.violation ??= PING_FLOOD;
      terminate();
    };
  }

  private plainClose(code: number, reason: string): SessionClosed {
    // ws reports 1006 exactly when no close frame arrived: the connection died under us.
    const clean = code !== NO_CLOSE_FRAME_CODE;
    const by: ClosedBy = this.endingBy ?? (clean ? 'server' : 'network');
    return { code, reason, clean, by, ...(clean || !this.lastError ? {} : { error: this.lastError }) };
  }
}

/**
 * The server sent what the protocol forbids and ws failed the connection: ws says 1006, as if it had died
 * on the way, but the server ended it. The code its close frame carried is kept when ws read one.
 */
function violationClose(violation: ProtocolViolation): SessionClosed {
  return {
    code: violation.sentCode ?? NO_CLOSE_FRAME_CODE,
    reason: '',
    clean: false,
    by: 'server',
    error: violation.wsError,
    violation: violation.what,
  };
}

import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

interface Tracked {
  socket: Socket;
  /** `local>remote` ports once connected; a closed socket no longer knows them. */
  key: string | null;
  peerKey: string | null;
  client: boolean;
}

/**
 * Every TCP socket this process opens or accepts while tracking, paired end to end, so a test can tell
 * whether anything is still on its way between two of them: bytes written and not yet read by the other
 * end, a connect not yet accepted, or an end (FIN) not yet seen. Both ends of a loopback test live in one
 * process, so "nothing in flight" is a fact read from the sockets rather than a guess from elapsed time,
 * and it holds however busy the machine is.
 */
export class LoopbackTraffic {
  private readonly sockets = new Set<Tracked>();
  private readonly byKey = new Map<string, Tracked>();
  private readonly onClient = (message: unknown): void => this.track((message as { socket: Socket }).socket, true);
  private readonly onServer = (message: unknown): void => this.track((message as { socket: Socket }).socket, false);

  start(): this {
    diagnostics.subscribe('net.client.socket', this.onClient);
    diagnostics.subscribe('net.server.socket', this.onServer);
    return this;
  }

  stop(): void {
    diagnostics.unsubscribe('net.client.socket', this.onClient);
    diagnostics.unsubscribe('net.server.socket', this.onServer);
    this.sockets.clear();
    this.byKey.clear();
  }

  /**
   * True while something is on its way between two tracked sockets. Asked at every turn of the event loop
   * while a test's clock waits (hundreds of thousands of times in a soak), so it stops at the first socket
   * with something on its way; sockets closed at both ends are forgotten on the scans that go through.
   */
  inFlight(): boolean {
    // Deleting from a Set while iterating it is safe: what is deleted is simply not visited.
    for (const tracked of this.sockets) if (this.moving(tracked)) return true;
    return false;
  }

  private moving(tracked: Tracked): boolean {
    const { socket } = tracked;
    if (socket.connecting) return true;
    const destroyed = socket.destroyed;
    if (tracked.key === null) {
      // Not connected yet (the connect call follows its announcement), or refused and gone.
      if (destroyed) this.forget(tracked);
      return !destroyed;
    }
    const peer = tracked.peerKey === null ? undefined : this.byKey.get(tracked.peerKey);
    if (!peer) {
      if (destroyed) this.forget(tracked);
      // A connected client whose server end has not been accepted yet.
      return tracked.client && !destroyed;
    }
    const other = peer.socket;
    const otherDestroyed = other.destroyed;
    if (destroyed && otherDestroyed) {
      this.forget(tracked);
      this.forget(peer);
      return false;
    }
    // Bytes still buffered in this process, or handed to the kernel and not yet read at the other end: what
    // `bytesWritten` and `bytesRead` say, read from the handles without the getters' copies and detours.
    if (!otherDestroyed && (socket.writableLength > 0 || bytesDispatched(socket) > bytesRead(other))) return true;
    const sentEnd = destroyed || socket.writableEnded;
    const seenEnd = otherDestroyed || other.readableEnded;
    return sentEnd && !seenEnd;
  }

  private track(socket: Socket, client: boolean): void {
    const tracked: Tracked = { socket, key: null, peerKey: null, client };
    this.sockets.add(tracked);
    const learnPorts = (): void => {
      if (socket.localPort === undefined || socket.remotePort === undefined) return;
      tracked.key = `${socket.localPort}>${socket.remotePort}`;
      tracked.peerKey = `${socket.remotePort}>${socket.localPort}`;
      this.byKey.set(tracked.key, tracked);
    };
    if (client) socket.once('connect', learnPorts);
    else learnPorts();
  }

  private forget(tracked: Tracked): void {
    this.sockets.delete(tracked);
    if (tracked.key !== null && this.byKey.get(tracked.key) === tracked) this.byKey.delete(tracked.key);
  }
}

/** The native handle's counters, while the socket has one. */
type Counted = Socket & { _handle: { bytesRead: number; bytesWritten: number } | null; _bytesDispatched: number };

/** Bytes the socket has handed to the kernel: Node's own count, behind `bytesWritten`. */
function bytesDispatched(socket: Socket): number {
  const counted = socket as Counted;
  return counted._handle?.bytesWritten ?? counted._bytesDispatched;
}

function bytesRead(socket: Socket): number {
  return (socket as Counted)._handle?.bytesRead ?? socket.bytesRead;
}

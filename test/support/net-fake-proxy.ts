import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';

export interface FakeProxy {
  readonly url: string;
  /** The request head of every CONNECT received, as text. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** What the fake does with a CONNECT once it has read the request head. */
export type FakeProxyBehaviour = (socket: Socket, head: string) => void;

/**
 * A hand-written proxy on 127.0.0.1 for the cases a real Squid will not produce on demand: one that never
 * answers, one that sends tunnel bytes in the same packet as its 200.
 */
export async function startFakeProxy(
  behaviour: FakeProxyBehaviour,
  secure?: { key: string; cert: string },
): Promise<FakeProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const onConnection = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = buffered.slice(0, end);
      requests.push(head);
      behaviour(socket, head);
    };
    socket.on('data', onData);
  };
  // An https:// proxy: TLS to the proxy itself, CONNECT inside it.
  const server = secure ? tls.createServer(secure, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: secure
      ? `https://localhost:${(server.address() as AddressInfo).port}`
      : `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

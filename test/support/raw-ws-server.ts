import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** RFC 6455's fixed GUID for the Sec-WebSocket-Accept header. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = { text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/**
 * One server-to-client frame as raw bytes, unmasked as a server sends it. `declaredLength` writes a
 * length that differs from the payload's (a frame announcing 150 MB and sending none of it).
 */
export function frame(
  opcode: number,
  payload: Buffer | string = Buffer.alloc(0),
  options: { fin?: boolean; declaredLength?: number } = {},
): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const length = options.declaredLength ?? body.length;
  const first = ((options.fin ?? true) ? 0x80 : 0) | opcode;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, length]);
  else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, body]);
}

/** A close frame's payload: the code in two bytes, then the reason; `code: null` sends an empty payload. */
export function closePayload(code: number | null, reason: Buffer | string = ''): Buffer {
  if (code === null) return Buffer.alloc(0);
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code, 0);
  return Buffer.concat([head, typeof reason === 'string' ? Buffer.from(reason, 'utf8') : reason]);
}

/** What the server does once the upgrade is answered: write raw frames to the client's socket. */
export type RawScript = (socket: Socket) => void;

export interface RawWsServer {
  url: string;
  /** Replaces what the next connections are sent. */
  setScript(script: RawScript): void;
  close(): Promise<void>;
}

/**
 * A WebSocket server on loopback that answers the upgrade and then writes whatever bytes a test gives it,
 * including frames no real library would send (a close code a peer must not use, a reason over 123 bytes,
 * invalid UTF-8): ws's own server refuses to send those, and they are what the client must survive.
 * It reads and discards what the client sends, and ends its side when the client ends its own.
 */
export async function startRawWsServer(initial: RawScript): Promise<RawWsServer> {
  let script = initial;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = Buffer.alloc(0);
    const onHead = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onHead);
      const key = /^sec-websocket-key:\s*(\S+)/im.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? '';
      const accept = createHash('sha1')
        .update(key + ACCEPT_GUID)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      // Whatever the client sends from now on (pongs, its close frame) is read and dropped.
      socket.on('data', () => {});
      script(socket);
    };
    socket.on('data', onHead);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/channels/streaming-0-rawserver0001`,
    setScript(next) {
      script = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

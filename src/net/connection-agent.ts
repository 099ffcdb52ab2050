import http, { type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Connector } from './open-connection.js';

/**
 * The http.Agent that ws opens its upgrade request on: it hands over a socket from the Connector, so a
 * WebSocket goes through the same proxy tunnel and TLS settings as the REST calls. One agent per scheme,
 * because Node checks that an agent's protocol matches the request's.
 */
export class ConnectionAgent extends http.Agent {
  constructor(
    private readonly connector: Connector,
    private readonly secure: boolean,
  ) {
    // No pooling: a notification socket is one long-lived connection, never reused.
    super({ keepAlive: false });
    (this as unknown as { protocol: string }).protocol = secure ? 'https:' : 'http:';
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | null | undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    const port = Number(options.port ?? (this.secure ? 443 : 80));
    this.connector.open({ secure: this.secure, host, port }).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    // Returning nothing tells the Agent the socket arrives through the callback.
    return undefined;
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { IdleprobeError } from '../errors.js';
import { ChannelRegistry, type SimChannel } from './channel-registry.js';
import { BodyTooLargeError, sendGenesysError } from './http-io.js';
import { newGuid, newSecret } from './ids.js';
import { SimJournal } from './journal.js';
import { handleOAuthToken } from './oauth-route.js';
import { handleApi } from './rest-router.js';
import { findScenario, type Scenario } from './scenario.js';
import { resolveScenario } from './scenario-file.js';
import { validateScenario } from './scenario-validation.js';
import { SimScheduler } from './scheduler.js';
import type { SimContext } from './sim-context.js';
import { SimSocketSession } from './socket-session.js';
import { CLOSE_REPLACED } from './service-policy.js';
import { handleSocketMessage } from './socket-subscribe.js';
import { TokenStore } from './token-store.js';
import { RestFaults } from './rest-faults.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limiter.js';
import { revokeToken, type RevokeOptions } from './token-revocation.js';

export type { SimRecord } from './journal.js';
export type { RateLimit } from './rate-limiter.js';
export type { RevokeOptions } from './token-revocation.js';

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: the system picks a free port. */
  port?: number;
  /** A Scenario object, a built-in name or the path of a scenario JSON file; default 'idle-timeout'. */
  scenario?: Scenario | string;
  /** Default 1; every scenario interval is divided by it. */
  timeScale?: number;
  /** Default systemClock. */
  clock?: Clock;
  /** Default: generated. */
  clientId?: string;
  clientSecret?: string;
  /** Scenario time, default 24 h (the documented default token lifetime). */
  tokenLifetimeMs?: number;
  /** Requests per token per window of scenario time; default 300 a minute (documented); null for none. */
  rateLimit?: RateLimit | null;
}

export interface SimulatorCredentials {
  clientId: string;
  clientSecret: string;
  userToken: string;
  userId: string;
}

export interface RunningSimulator {
  /** 'http://127.0.0.1:PORT' (REST). */
  readonly apiBase: string;
  /** Same origin (OAuth). */
  readonly loginBase: string;
  readonly port: number;
  readonly credentials: SimulatorCredentials;
  readonly scenario: Scenario;
  readonly timeScale: number;
  /** What the simulator did, for tests to compare against what the probe saw: emits 'record' with SimRecord. */
  readonly journal: EventEmitter;
  /**
   * Revokes a token the simulator issued: REST answers 401 to it, and its connected channels get
   * `v2.system.token_revoked.{channelId}` (then close unless `closeSockets: false`). Returns how many
   * channels were told.
   */
  revokeToken(token: string, options?: RevokeOptions): number;
  /** Closes every socket and the server; nothing of the simulator keeps running afterwards. */
  close(): Promise<void>;
}

const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;
const CHANNEL_PATH = /^\/channels\/([^/]+)$/;

/**
 * Starts a Genesys-like notification service on one port: OAuth, the Platform API calls idleprobe uses,
 * and the channel WebSockets, behaving as the scenario says.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const timeScale = checkPositive(options.timeScale ?? 1, 'timeScale');
  const tokenLifetimeMs = checkPositive(options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, 'tokenLifetimeMs');
  const scenario =
    typeof options.scenario === 'string'
      ? await resolveScenario(options.scenario)
      : validateScenario(options.scenario ?? findScenario('idle-timeout'), 'the simulator options');

  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : checkRateLimit(options.rateLimit);
  const journal = new SimJournal(clock);
  const scheduler = new SimScheduler(clock, timeScale, (error) => journal.fault(error));
  const tokens = new TokenStore(clock, timeScale);
  const channels = new ChannelRegistry(scheduler);
  const sessions = new Set<SimSocketSession>();
  const clientId = options.clientId ?? newGuid();
  const userId = newGuid();
  let port = 0;
  const context: SimContext = {
    clock, scheduler, journal, tokens, channels, scenario, tokenLifetimeMs,
    restFaults: new RestFaults(scenario.faults ?? [], scheduler, journal),
    rateLimiter: rateLimit === null ? null : new RateLimiter(clock, rateLimit, timeScale),
    clientId,
    clientSecret: options.clientSecret ?? newSecret(),
    user: { id: userId, name: 'Simulated Agent' },
    wsBase: () => `ws://${hostForUrl(host)}:${port}`,
  };
  const userToken = tokens.issue({ clientId, userId }, tokenLifetimeMs).value;

  const server = createServer((request, response) => {
    handleRequest(context, request, response).catch((error: unknown) => {
      journal.fault(error);
      if (!response.headersSent) sendGenesysError(response, 500, 'internal.server.error', 'The simulator failed on this request.');
      else response.destroy();
    });
  });
  // autoPong off: the session answers RFC 6455 pings itself, so a half-open scenario can stop answering.
  const wss = new WebSocketServer({ noServer: true, autoPong: false });

  const attach = (channel: SimChannel, ws: WebSocket): void => {
    // Documented: one WebSocket per channel; connecting a second disconnects the first.
    channel.socket?.endForChannel(CLOSE_REPLACED.code, CLOSE_REPLACED.reason, 'second-socket');
    const session = new SimSocketSession({
      ws, channel, scenario, clock, journal,
      timers: scheduler.group(),
      services: {
        tokenRemainingRealMs: (target) => {
          const check = tokens.check(target.token);
          return check.ok ? check.token.expiresAt - clock.monoNow() : 0;
        },
        evict: (target, close) => channels.remove(target.id, 'evicted', close),
      },
      onClientMessage: (session, message) => handleSocketMessage(context, session, message),
      onEnded: (ended) => sessions.delete(ended),
    });
    sessions.add(session);
    channel.socket = session;
    channels.touch(channel);
    session.start();
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    const match = CHANNEL_PATH.exec(path);
    const channel = match ? channels.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!channel) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => scheduler.run(() => attach(channel, ws)));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new IdleprobeError('IDLEPROBE_ERR_SIM', `The simulator could not listen on ${host}:${options.port ?? 0}: ${error.message}. Pick another port or host.`, { cause: error })));
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://${hostForUrl(host)}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    apiBase: base,
    loginBase: base,
    port,
    credentials: { clientId, clientSecret: context.clientSecret, userToken, userId },
    scenario,
    timeScale,
    journal,
    revokeToken: (token, revokeOptions) => revokeToken(context, token, revokeOptions),
    close() {
      closed ??= (async () => {
        scheduler.cancelAll();
        for (const session of [...sessions]) session.shutdown();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closed;
    },
  };
}

async function handleRequest(context: SimContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sim');
  try {
    if (await context.restFaults.intercept(request, response, url.pathname)) return;
    if (url.pathname === '/oauth/token') return await handleOAuthToken(context, request, response);
    if (url.pathname.startsWith('/api/v2/')) return await handleApi(context, request, response, url);
    sendGenesysError(response, 404, 'not.found', `The requested resource was not found: ${request.method} ${url.pathname}.`);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendGenesysError(response, 413, 'request.entity.too.large', 'The request body is too large.', { connection: 'close' });
  }
}

function checkPositive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new IdleprobeError('IDLEPROBE_ERR_SIM', `The simulator's ${what} must be a positive number, not ${value}.`);
  }
  return value;
}

function checkRateLimit(limit: RateLimit | null): RateLimit | null {
  if (limit === null) return null;
  checkPositive(limit.requests, 'rateLimit.requests');
  checkPositive(limit.perMs, 'rateLimit.perMs');
  return limit;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

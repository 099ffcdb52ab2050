import { type Dispatcher, request } from 'undici';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { IdleprobeError } from '../errors.js';
import { GenesysHttpError } from './http-error.js';
import { DEFAULT_TIMEOUT_MS } from './http-timeout.js';
import { errorCode, networkError } from './network-error.js';
import {
  correlationIdOf,
  parseJsonSafely,
  type ReplyHeaders,
  redact,
  retryAfterMsOf,
  serviceMessageOf,
} from './response-body.js';

export { GenesysHttpError, isGenesysHttpError } from './http-error.js';

export interface HttpClientOptions {
  /** Where requests go; tests inject an Agent of their own. Default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** Deadline for the whole exchange, connect to last body byte. Default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
  /** Times the deadline and reads Retry-After dates. Default: the system clock. */
  clock?: Clock;
  /** Cancels requests in flight, so a run that is stopping does not wait for a slow reply. */
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface HttpCall {
  method: HttpMethod;
  /** `https://api.{env}`, or an http:// base (simulator, gateway); may carry a path prefix. */
  base: string;
  /** Path below the base, already encoded, starting with `/`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** Values that must never appear in an error: the token, the client secret. */
  secrets?: readonly string[];
  /** Statuses besides 2xx that the caller handles itself (HEAD's 404, for instance). */
  accept?: readonly number[];
  /** Advice for a person, by status, for failures this call explains better than the generic text. */
  advice?: Partial<Record<number, string>>;
  /** How the path appears in error messages when it carries something sensitive (a channel id). */
  displayPath?: string;
}

export interface HttpReply {
  status: number;
  headers: ReplyHeaders;
  text: string;
  /** The parsed JSON body; `undefined` when the body was empty or not JSON. */
  json: unknown;
}

export { DEFAULT_TIMEOUT_MS };

const DEFAULT_USER_AGENT = 'idleprobe';

/**
 * The one door every Genesys REST and OAuth call goes through. It sends, reads the whole body, and turns
 * every failure into an IdleprobeError a person can act on: GenesysHttpError for a reply that is not the
 * expected success, IDLEPROBE_ERR_NETWORK when no reply came. No secret reaches a message or property.
 */
export async function sendHttp(call: HttpCall, options: HttpClientOptions = {}): Promise<HttpReply> {
  const url = buildUrl(call.base, call.path, call.query);
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const shownPath = call.displayPath ?? call.path;
  const aborter = new AbortController();
  let timedOut = false;
  const deadline = clock.setTimer(timeoutMs, () => {
    timedOut = true;
    aborter.abort();
  });
  const cancel = () => aborter.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) cancel();
  try {
    const reply = await request(url, {
      method: call.method,
      headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: 'application/json', ...call.headers },
      body: call.body ?? null,
      signal: aborter.signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const text = await reply.body.text();
    const result: HttpReply = { status: reply.statusCode, headers: reply.headers, text, json: parseJsonSafely(text) };
    if ((result.status >= 200 && result.status < 300) || call.accept?.includes(result.status)) return result;
    throw failureOf(call, shownPath, result, clock.wallNow());
  } catch (error) {
    if (error instanceof IdleprobeError) throw error;
    // Every failure on the way to the service carries a code (the socket's, undici's, TLS's); a throw
    // without one is a bug, and wrapped as a network error it would be retried instead of reported.
    if (!timedOut && !options.signal?.aborted && errorCode(error) === null) throw error;
    if (options.signal?.aborted && !timedOut) {
      throw new IdleprobeError(
        'IDLEPROBE_ERR_NETWORK',
        `${call.method} ${shownPath} to ${url.host} was cancelled before a reply arrived.`,
        { cause: error },
      );
    }
    throw networkError(call.method, shownPath, url.host, error, timedOut ? timeoutMs : null);
  } finally {
    deadline.cancel();
    options.signal?.removeEventListener('abort', cancel);
  }
}

/**
 * A 2xx reply whose body is not the JSON the Genesys API sends: usually a base URL pointing elsewhere.
 * `quoteBody: false` for replies that may hold a credential in an unexpected place (the token endpoint).
 */
export function unexpectedReply(
  call: HttpCall,
  reply: HttpReply,
  expected: string,
  quoteBody = true,
): GenesysHttpError {
  return new GenesysHttpError({
    status: reply.status,
    method: call.method,
    path: call.displayPath ?? call.path,
    retryAfterMs: null,
    serviceMessage: quoteBody ? serviceMessageOf(undefined, redact(reply.text, call.secrets ?? [])) : null,
    correlationId: correlationIdOf(reply.headers, reply.json),
    advice:
      `The reply is not ${expected} as the Genesys API sends it: check that the base URL points at the ` +
      'Genesys API of the right region and not at a proxy or login page.',
  });
}

function failureOf(call: HttpCall, shownPath: string, reply: HttpReply, wallNow: number): GenesysHttpError {
  const secrets = call.secrets ?? [];
  const message = serviceMessageOf(reply.json, reply.text);
  return new GenesysHttpError({
    status: reply.status,
    method: call.method,
    path: shownPath,
    retryAfterMs: retryAfterMsOf(reply.headers, wallNow),
    serviceMessage: message === null ? null : redact(message, secrets),
    correlationId: correlationIdOf(reply.headers, reply.json),
    advice: call.advice?.[reply.status],
  });
}

function buildUrl(base: string, path: string, query: Record<string, string> | undefined): URL {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch (cause) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      `"${base}" is not a URL: give a base like https://api.mypurecloud.ie.`,
      { cause },
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      `The base URL must start with https:// (or http:// for the simulator), not ${parsed.protocol}//.`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      'The base URL must not contain a user name or password: pass credentials as options instead.',
    );
  }
  const url = new URL(parsed.pathname.replace(/\/+$/, '') + path, parsed.origin);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
  return url;
}

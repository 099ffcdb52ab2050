import { maskChannelIds } from '../protocol/channel-id.js';
import { isRecord } from '../protocol/json-record.js';

/**
 * Reading what the service sent back, defensively: a reply may be the Genesys JSON error shape
 * (`{"message","code","status","contextId"}`), the login service's OAuth shape (`{"error","error_description"}`),
 * or a proxy's HTML page. Each helper turns whatever arrived into something a person can read.
 */

export type HeaderValue = string | string[] | undefined;
export type ReplyHeaders = Record<string, HeaderValue>;

/** Longest piece of a service message quoted in an error, so an HTML page does not flood the terminal. */
const MAX_QUOTED = 300;

/** Parses JSON without throwing; `undefined` means the text was empty or not JSON. */
export function parseJsonSafely(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function headerValue(headers: ReplyHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}

/** How much of a non-JSON body is looked at for readable words. */
const READABLE_WINDOW = 8 * 1024;

/** The service's own explanation of a failure, from whichever error shape it used, or readable text. */
export function serviceMessageOf(json: unknown, text: string): string | null {
  if (isRecord(json)) {
    const parts = [json.message, json.error_description, json.error].filter(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    const details = Array.isArray(json.errors)
      ? json.errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : null))
      : [];
    const all = [...new Set([...parts, ...details.filter((d): d is string => d !== null)])];
    if (all.length > 0) return clip(all.join('; '));
  }
  // Only the start of a body is read for its words: a message is clipped to MAX_QUOTED anyway, and tag
  // stripping over a whole hostile body (100 MB of '<') would take time quadratic in its length.
  const readable = text
    .slice(0, READABLE_WINDOW)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return readable === '' ? null : clip(readable);
}

/**
 * Genesys puts a correlation id on every reply (`ININ-Correlation-Id`); its support needs it to trace a
 * failure. Some error bodies carry it as `contextId` instead.
 */
export function correlationIdOf(headers: ReplyHeaders, json: unknown): string | null {
  const fromHeader = headerValue(headers, 'inin-correlation-id');
  if (fromHeader) return fromHeader;
  return isRecord(json) && typeof json.contextId === 'string' ? json.contextId : null;
}

/** `Retry-After` is seconds (what Genesys sends on 429) or an HTTP date; null when absent or unreadable. */
export function retryAfterMsOf(headers: ReplyHeaders, wallNowMs: number): number | null {
  const raw = headerValue(headers, 'retry-after');
  if (raw === null) return null;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - wallNowMs);
}

/**
 * Replaces every occurrence of each secret, so nothing the service echoes back can leak one, and shortens
 * channel ids (the socket's credential).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return maskChannelIds(out);
}

function clip(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text;
}

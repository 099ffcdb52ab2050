import { createHash, randomBytes } from 'node:crypto';
import { isRecord } from '../protocol/json-record.js';

/** Keys whose values are secrets whatever they hold (OAuth replies, headers, copied config). */
const SECRET_KEYS =
  /^(access_?token|refresh_?token|id_?token|token|client_?secret|secret|password|passwd|authorization|proxy-authorization|cookie|set-cookie|api_?key)$/i;

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Genesys channel ids (protocol.md: `streaming-0-fmtdmf8cdis7jh14udg5p89t6z`): the id is the channel's credential. */
const CHANNEL_ID = /\bstreaming-\d+-[a-z0-9]{6,}\b/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
/** A long run of token characters with letters and digits: an opaque token or key nobody labelled (not URL paths). */
const OPAQUE = /[A-Za-z0-9_\-+=]{32,}/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** E.164 (`+13175551234`, `tel:+44...`) and the North American `(317) 555-1234` / `317-555-1234` shapes. */
const PHONE = /(?:tel:)?\+\d[\d ]{6,16}\d|\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b/g;

/** What kind of identifier a GUID is, from the words just before it (topic names, URL paths, JSON keys). */
const GUID_KINDS: Array<[RegExp, string]> = [
  [/(users?|user"?:\s*"?|userId"?:\s*"?)[./]?$/i, 'user'],
  [/(queues?|queueId"?:\s*"?)[./]?$/i, 'queue'],
  [/(conversations?|conversationId"?:\s*"?)[./]?$/i, 'conversation'],
  [/(organizations?|orgs?|organizationId"?:\s*"?|orgId"?:\s*"?)[./]?$/i, 'org'],
  [/(clientId"?:\s*"?|clients?)[./]?$/i, 'client'],
  [/(correlationId"?:\s*"?)$/i, 'correlation'],
];

/**
 * Replaces every secret and identifier in shareable text with a short tag. The same input always gets
 * the same tag within one redactor (`user-3f9a2c` on every line, in every file), so a reader can still
 * follow one user or one channel through the log without learning who or which it is. Tags are salted
 * per share: a reader who knows a user's id cannot hash it to find that user in the log.
 */
export class Redactor {
  private readonly salt: Buffer;
  /** The kind each GUID was first seen as, so a later bare mention gets the same tag. Bounded. */
  private readonly kinds = new Map<string, string>();

  constructor(salt?: string) {
    this.salt = salt === undefined ? randomBytes(16) : Buffer.from(salt);
  }

  /** A JSON value with every string redacted and secret-named keys emptied; numbers and booleans stay. */
  value(input: unknown, key?: string): unknown {
    if (key !== undefined && SECRET_KEYS.test(key) && input !== null && input !== '' && typeof input !== 'boolean')
      return '[redacted]';
    if (typeof input === 'string') return this.text(input, key === undefined ? 'id' : guidKind(`${key}":"`));
    if (Array.isArray(input)) return input.map((item) => this.value(item));
    if (isRecord(input)) {
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(input)) out[this.text(name)] = this.value(inner, name);
      return out;
    }
    return input;
  }

  /**
   * Free text: secrets become `[redacted]`, identifiers become consistent tags. A GUID's kind comes from
   * the words before it, else from `fallbackKind` (the JSON key the text was the value of).
   */
  text(input: string, fallbackKind = 'id'): string {
    return input
      .replace(JWT, '[redacted]')
      .replace(BEARER, (_match, scheme: string) => `${scheme} [redacted]`)
      .replace(CHANNEL_ID, (id) => this.tag('channel', id.toLowerCase()))
      .replace(EMAIL, (email) => this.tag('email', email.toLowerCase()))
      .replace(GUID, (guid, offset: number, whole: string) =>
        this.guid(guid.toLowerCase(), guidKind(whole.slice(Math.max(0, offset - 24), offset)), fallbackKind),
      )
      .replace(PHONE, (phone) => this.tag('phone', phone.replace(/\D/g, '')))
      .replace(OPAQUE, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? '[redacted]' : run));
  }

  private guid(guid: string, seenAs: string, fallback: string): string {
    const known = this.kinds.get(guid);
    const kind = seenAs !== 'id' ? seenAs : (known ?? fallback);
    if (known === undefined && kind !== 'id' && this.kinds.size < MAX_KINDS) this.kinds.set(guid, kind);
    return this.tag(kind, guid);
  }

  private tag(kind: string, value: string): string {
    return `${kind}-${createHash('sha256').update(this.salt).update(value).digest('hex').slice(0, 6)}`;
  }
}

const MAX_KINDS = 100_000;

function guidKind(before: string): string {
  for (const [pattern, kind] of GUID_KINDS) if (pattern.test(before)) return kind;
  return 'id';
}

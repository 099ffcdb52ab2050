import { createHash, randomBytes } from 'node:crypto';
import { isRecord } from '../protocol/json-record.js';
import { replaceAddresses, replaceHosts } from './network-names.js';
import { PHONE_KEYS, phoneDigits, replacePhones } from './phone-numbers.js';

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
/** Starts only where a local part can start: tried inside a long run of word characters it was quadratic. */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Keys whose values are people's names (a participant, a caller, a user in a message body). */
const NAME_KEYS =
  /^(name|username|(first|last|given|family|middle|display|full|user|nick|caller|agent|customer|contact|participant|preferred)_?name)$/i;

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
    const personal = key === undefined ? null : this.personal(input, key);
    if (personal !== null) return personal;
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
    const withoutSecrets = input
      .replace(JWT, '[redacted]')
      .replace(BEARER, (_match, scheme: string) => `${scheme} [redacted]`)
      .replace(CHANNEL_ID, (id) => this.tag('channel', id.toLowerCase()));
    // Hosts before emails: `user:password@proxy.corp.example` in a URL is credentials and a host, not an email.
    const identified = replaceHosts(withoutSecrets, (host) => this.tag('host', host))
      .replace(EMAIL, (email) => this.tag('email', email.toLowerCase()))
      .replace(GUID, (guid, offset: number, whole: string) =>
        this.guid(guid.toLowerCase(), guidKind(whole.slice(Math.max(0, offset - 24), offset)), fallbackKind),
      );
    return this.places(identified).replace(OPAQUE, (run) =>
      /[0-9]/.test(run) && /[A-Za-z]/.test(run) ? '[redacted]' : run,
    );
  }

  /** IP addresses and phone numbers, each by the same tag wherever it recurs. */
  private places(text: string): string {
    const addresses = replaceAddresses(text, (address) => this.tag('ip', address));
    return replacePhones(addresses, (digits) => this.tag('phone', digits));
  }

  /**
   * A value whose key says it is a person's name or a phone number: tagged whole, a number as well as text
   * (`"ani": 3175551234`), where no pattern could tell it from a count. Null when the key says neither.
   */
  private personal(input: unknown, key: string): string | null {
    if (typeof input === 'string' && input.trim() !== '' && NAME_KEYS.test(key))
      return this.tag('name', input.trim().toLowerCase());
    if (!PHONE_KEYS.test(key)) return null;
    if (typeof input === 'number' && Number.isInteger(input) && input > 0)
      return this.tag('phone', phoneDigits(String(input)));
    // A number written as text under such a key, however short (an extension, a local number).
    if (typeof input === 'string' && /^(tel:)?\+?[\d ().-]{3,}$/i.test(input.trim()) && /\d{3}/.test(input))
      return this.tag('phone', phoneDigits(input.replace(/^tel:/i, '')));
    return null;
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

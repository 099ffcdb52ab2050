/**
 * Knows the secrets of a run (tokens, client secret) and removes them from any text before it leaves the
 * process: log lines, error messages, the summary. Matching by value rather than by field name also
 * catches a secret that ends up inside an error message or a URL.
 */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not matched by value: replacing a 3-letter "secret" would maul the text. */
const MIN_SECRET_LENGTH = 6;

/**
 * Up to this many forms, a line is checked with one `includes` per form; past it (a long run renews its
 * token every few hours and keeps every token it had), one compiled pattern tells first whether any form is
 * there at all. Measured: 6 forms cost 0.25 µs a line by `includes` and 0.75 µs by the pattern; 60 cost
 * 1.7 µs either way; 600 cost 21 µs by `includes` and 2.2 µs by the pattern.
 */
const FORMS_CHECKED_ONE_BY_ONE = 32;

export class SecretScrubber {
  private readonly secrets = new Set<string>();
  /** Sorted once per new secret, not per scrub: every log line passes through `scrub`. */
  private longestFirst: string[] = [];
  /**
   * The forms that contain no other: a line holds some form only if it holds one of these (a padded base64
   * form holds its unpadded one, a URL-encoded one often its plain one), so only these are looked for.
   */
  private telling: string[] = [];
  /** Any telling form, compiled once per new secret; null while they are few enough to check one by one. */
  private anyForm: RegExp | null = null;

  add(secret: string | null | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    this.addForms(secret);
    this.sort();
  }

  /**
   * An OAuth client's secret, and the `Authorization: Basic base64(id:secret)` header it travels in
   * (protocol.md, OAuth): a server that echoes the header it received echoes that form, which the secret's
   * own forms do not match; and the secret base64-encoded alone, as a gateway that re-encodes it might.
   * Tokens need none of this: they travel as they are, in `Authorization: Bearer`.
   */
  addClientCredentials(clientId: string, clientSecret: string): void {
    if (!clientSecret || clientSecret.length < MIN_SECRET_LENGTH) return;
    this.addForms(clientSecret);
    for (const value of [`${clientId}:${clientSecret}`, clientSecret])
      for (const encoded of base64Forms(value)) this.addForms(encoded);
    this.sort();
  }

  /** The value as it is, and as it appears inside a JSON string or a URL. */
  private addForms(value: string): void {
    this.secrets.add(value);
    this.secrets.add(JSON.stringify(value).slice(1, -1));
    this.secrets.add(encodeURIComponent(value));
  }

  private sort(): void {
    this.longestFirst = [...this.secrets].sort((a, b) => b.length - a.length);
    // Longest first: a form can hold only the shorter ones after it.
    this.telling = this.longestFirst.filter(
      (form, at) => !this.longestFirst.some((shorter, other) => other > at && form.includes(shorter)),
    );
    this.anyForm =
      this.telling.length > FORMS_CHECKED_ONE_BY_ONE ? new RegExp(this.telling.map(escapePattern).join('|')) : null;
  }

  scrub(text: string): string {
    // Nearly every line holds no secret: the telling forms (or their pattern) say so. A line that does is
    // scrubbed form by form, longest first, so a secret that contains another is removed whole.
    if (this.anyForm !== null ? !this.anyForm.test(text) : !this.holdsTellingForm(text)) return text;
    let out = text;
    for (const secret of this.longestFirst) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  private holdsTellingForm(text: string): boolean {
    for (const form of this.telling) if (text.includes(form)) return true;
    return false;
  }
}

function escapePattern(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Base64 as a header carries it, without its padding (some echo it trimmed), and the URL-safe variant. */
function base64Forms(value: string): string[] {
  const plain = Buffer.from(value, 'utf8').toString('base64');
  return [plain, plain.replace(/=+$/, ''), Buffer.from(value, 'utf8').toString('base64url')];
}

/**
 * Knows the secrets of a run (tokens, client secret) and removes them from any text before it leaves the
 * process: log lines, error messages, the summary. Matching by value rather than by field name also
 * catches a secret that ends up inside an error message or a URL.
 */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not matched by value: replacing a 3-letter "secret" would maul the text. */
const MIN_SECRET_LENGTH = 6;

export class SecretScrubber {
  private readonly secrets = new Set<string>();
  /** Sorted once per new secret, not per scrub: every log line passes through `scrub`. */
  private longestFirst: string[] = [];

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
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.longestFirst) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

/** Base64 as a header carries it, without its padding (some echo it trimmed), and the URL-safe variant. */
function base64Forms(value: string): string[] {
  const plain = Buffer.from(value, 'utf8').toString('base64');
  return [plain, plain.replace(/=+$/, ''), Buffer.from(value, 'utf8').toString('base64url')];
}

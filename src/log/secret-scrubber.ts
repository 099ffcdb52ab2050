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
    this.secrets.add(secret);
    // The same secret as it appears inside a JSON string or a URL.
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
    this.secrets.add(encodeURIComponent(secret));
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

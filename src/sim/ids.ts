import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lowercase letters and digits, like the tail of a real channel id. */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALNUM[byte % ALNUM.length];
  return out;
}

/** Shaped like a real channel id: `streaming-0-` and 26 lowercase letters and digits. */
export function newChannelId(): string {
  return `streaming-0-${randomAlnum(26)}`;
}

export function newGuid(): string {
  return randomUUID();
}

/** An opaque secret; long enough that guessing one is not a test scenario. */
export function newSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

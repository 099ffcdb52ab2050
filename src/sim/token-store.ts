import type { Clock } from '../clock/clock.js';
import { newSecret } from './ids.js';

/** Who a token speaks for. Channels are counted per user and OAuth client (documented limit of 20). */
export interface TokenSubject {
  clientId: string;
  /** Null for a client-credentials token: it has no user context. */
  userId: string | null;
}

export interface IssuedToken extends TokenSubject {
  value: string;
  /** Monotonic real time. */
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; problem: 'unknown' | 'expired' | 'revoked' };

/**
 * The tokens the simulated login service issued. Lifetimes are scenario time (documented: 5 min to 48 h,
 * 24 h by default) and run `timeScale` times faster here, like every other interval.
 */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: Clock,
    private readonly timeScale: number,
  ) {}

  issue(subject: TokenSubject, lifetimeMs: number): IssuedToken {
    const now = this.clock.monoNow();
    const token: IssuedToken = {
      ...subject,
      value: newSecret(32),
      issuedAt: now,
      expiresAt: now + lifetimeMs / this.timeScale,
      revoked: false,
    };
    this.tokens.set(token.value, token);
    return token;
  }

  check(value: string): TokenCheck {
    const token = this.tokens.get(value);
    if (!token) return { ok: false, problem: 'unknown' };
    if (token.revoked) return { ok: false, problem: 'revoked' };
    if (this.clock.monoNow() >= token.expiresAt) return { ok: false, problem: 'expired' };
    return { ok: true, token };
  }

  /** Marks a token revoked; returns it, or undefined when the store never issued it. */
  revoke(value: string): IssuedToken | undefined {
    const token = this.tokens.get(value);
    if (token) token.revoked = true;
    return token;
  }

  /** Every token issued to this user (a user-token revocation revokes them all). */
  ofUser(userId: string): IssuedToken[] {
    return [...this.tokens.values()].filter((token) => token.userId === userId);
  }
}

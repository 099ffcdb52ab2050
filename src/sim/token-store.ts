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
  /** Idled out on demand (a trigger), whatever the org's idle token timeout says. */
  idledOut: boolean;
  /** Monotonic real time of the token's last API call: the idle token timeout counts from here. */
  lastUsed: number;
}

export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; problem: 'unknown' | 'expired' | 'revoked' };

/**
 * The tokens the simulated login service issued. Lifetimes are scenario time (documented: 5 min to 48 h,
 * 24 h by default) and run `timeScale` times faster here, like every other interval.
 */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  /** The org's idle token timeout in real ms; null when the org has it off (the default). */
  private idleTimeoutRealMs: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly timeScale: number,
  ) {}

  /** Turns the org's idle token timeout on (scenario ms) or off (null). It applies to user tokens only. */
  setIdleTimeout(scenarioMs: number | null): void {
    this.idleTimeoutRealMs = scenarioMs === null ? null : scenarioMs / this.timeScale;
  }

  /** The org's setting as GET /api/v2/tokens/timeout reports it, in scenario ms. */
  idleTimeoutMs(): number | null {
    return this.idleTimeoutRealMs === null ? null : this.idleTimeoutRealMs * this.timeScale;
  }

  /** An API call with the token: restarts its idle timer. */
  touch(token: IssuedToken): void {
    token.lastUsed = this.clock.monoNow();
  }

  /** Real ms until the token idles out, or null when it never will (client credentials, timeout off). */
  idleRemainingRealMs(token: IssuedToken): number | null {
    if (this.idleTimeoutRealMs === null || token.userId === null) return null;
    return token.lastUsed + this.idleTimeoutRealMs - this.clock.monoNow();
  }

  issue(subject: TokenSubject, lifetimeMs: number): IssuedToken {
    const now = this.clock.monoNow();
    const token: IssuedToken = {
      ...subject,
      value: newSecret(32),
      issuedAt: now,
      expiresAt: now + lifetimeMs / this.timeScale,
      revoked: false,
      idledOut: false,
      lastUsed: now,
    };
    this.tokens.set(token.value, token);
    return token;
  }

  /** The token whatever its state, or undefined when the store never issued it. */
  find(value: string): IssuedToken | undefined {
    return this.tokens.get(value);
  }

  check(value: string): TokenCheck {
    const token = this.tokens.get(value);
    if (!token) return { ok: false, problem: 'unknown' };
    if (token.revoked) return { ok: false, problem: 'revoked' };
    if (this.clock.monoNow() >= token.expiresAt || token.idledOut) return { ok: false, problem: 'expired' };
    const idle = this.idleRemainingRealMs(token);
    if (idle !== null && idle <= 0) return { ok: false, problem: 'expired' };
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

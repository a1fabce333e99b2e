import type { RateLimiter } from '../rate-limiter';
import type { CodeLookup } from './pins';

/**
 * Whether a typed code spends the wrong-code budget. A code that found a live pin is a hit even when another
 * tap claimed it first (a lost race), and a pin this account already linked or denied is a double tap, not a
 * guess. Everything else (malformed, unknown, expired, claimed by another account) counts.
 */
export function isGuess(found: CodeLookup, accountId: number): boolean {
  if (found.kind === 'live') return false;
  if (found.kind === 'used' || found.kind === 'denied') return found.pin.accountId !== accountId;
  return true;
}

/**
 * The brute-force budget for typed codes, per account and per IP (RFC 8628 §5.1). Checked before any
 * lookup, so once spent even a correct code is refused until the window moves on.
 */
export class WrongCodeGuard {
  constructor(private readonly limiter: RateLimiter) {}

  /** Milliseconds until this account and IP may try again; 0 when both are under the limit. */
  retryAfterMs(accountId: number, ip: string): number {
    return Math.max(this.limiter.retryAfterMs(`account:${accountId}`), this.limiter.retryAfterMs(`ip:${ip}`));
  }

  recordFailure(accountId: number, ip: string): void {
    this.limiter.record(`account:${accountId}`);
    this.recordIpFailure(ip);
  }

  /** For lookups made without an account (the public QR image). */
  retryAfterMsForIp(ip: string): number {
    return this.limiter.retryAfterMs(`ip:${ip}`);
  }

  recordIpFailure(ip: string): void {
    this.limiter.record(`ip:${ip}`);
  }
}

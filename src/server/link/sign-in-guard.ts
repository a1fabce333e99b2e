import type { Account } from '../db/account-store';
import type { RateLimiter } from '../rate-limiter';
import type { Accounts } from './accounts';

export type SignInOutcome =
  | { kind: 'signed-in'; account: Account }
  | { kind: 'wrong' }
  | { kind: 'limited'; retryAfterMs: number };

/**
 * Sign-in with the per-address budget of failed attempts, shared by the API and the /link pages. The attempt
 * is counted before the password is hashed and given back only when it succeeds, so a burst of concurrent
 * guesses is cut at the limit instead of all being checked while the first hashes run.
 */
export class SignInGuard {
  constructor(
    private readonly accounts: Accounts,
    private readonly failuresPerIp: RateLimiter,
  ) {}

  async signIn(username: string, password: string, ip: string): Promise<SignInOutcome> {
    const attempt = this.failuresPerIp.take(ip);
    if (!attempt.ok) return { kind: 'limited', retryAfterMs: attempt.retryAfterMs };
    let account: Account | null;
    try {
      account = await this.accounts.authenticate(username, password);
    } catch (error) {
      attempt.refund(); // not checked (the server was too busy), so not a guess
      throw error;
    }
    if (!account) return { kind: 'wrong' };
    attempt.refund();
    return { kind: 'signed-in', account };
  }
}

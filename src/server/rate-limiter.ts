// A fixed-size sliding window per key, in memory: enough for one home-server process.
// The clock is injected so tests can move time by hand.

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** POST /api/v2/pins per client IP. */
  pinCreatePerIp: RateLimit;
  /** Wrong codes on /link and PUT /api/v2/pins/link, counted per account and per IP. */
  wrongCodePerActor: RateLimit;
  /** Failed sign-ins (pages and API) per client IP. */
  signInPerIp: RateLimit;
  /** Sign-up attempts per client IP (each one costs a password hash, and accounts are not free). */
  signUpPerIp: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  pinCreatePerIp: { limit: 60, windowMs: 10 * 60_000 },
  wrongCodePerActor: { limit: 10, windowMs: 15 * 60_000 },
  signInPerIp: { limit: 10, windowMs: 15 * 60_000 },
  signUpPerIp: { limit: 5, windowMs: 60 * 60_000 },
};

/** Above this many keys, a write first drops keys whose window has passed, so memory stays bounded. */
const SWEEP_ABOVE_KEYS = 10_000;

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may act again; 0 while it is under the limit. */
  retryAfterMs(key: string): number {
    const recent = this.recentHits(key);
    if (recent.length < this.rule.limit) return 0;
    const oldest = recent[recent.length - this.rule.limit];
    return Math.max(1, oldest + this.rule.windowMs - this.now());
  }

  /** Counts one event for `key`. */
  record(key: string): void {
    this.recordAt(key, this.now());
  }

  /**
   * Checks and counts in one step, before the work it guards starts, so concurrent attempts can never pass the
   * check together. `refund()` takes the event back when the attempt turns out not to count (a sign-in that
   * succeeded). Refused: nothing is counted.
   */
  take(key: string): { ok: true; refund: () => void } | { ok: false; retryAfterMs: number } {
    const retryAfterMs = this.retryAfterMs(key);
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    const at = this.now();
    this.recordAt(key, at);
    return { ok: true, refund: () => this.forget(key, at) };
  }

  private recordAt(key: string, at: number): void {
    if (this.hits.size > SWEEP_ABOVE_KEYS) this.sweep();
    const recent = this.recentHits(key);
    recent.push(at);
    this.hits.set(key, recent);
  }

  private forget(key: string, at: number): void {
    const recent = this.hits.get(key);
    const index = recent?.lastIndexOf(at) ?? -1;
    if (!recent || index < 0) return;
    recent.splice(index, 1);
    if (recent.length === 0) this.hits.delete(key);
  }

  private recentHits(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.hits.delete(key);
    else this.hits.set(key, recent);
    return recent;
  }

  private sweep(): void {
    for (const key of [...this.hits.keys()]) this.recentHits(key);
  }
}

/** Whole seconds for a Retry-After header, never 0. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

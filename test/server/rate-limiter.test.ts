import { describe, expect, it } from 'vitest';
import { RateLimiter, retryAfterSeconds } from '../../src/server/rate-limiter';

describe('RateLimiter', () => {
  it('allows `limit` events per window per key, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ limit: 3, windowMs: 10_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('a')).toBe(0);
      limiter.record('a');
      now += 1000;
    }
    expect(limiter.retryAfterMs('a')).toBe(7000);
    expect(limiter.retryAfterMs('b')).toBe(0);

    now += 7000; // the first event leaves the window
    expect(limiter.retryAfterMs('a')).toBe(0);
    limiter.record('a');
    expect(limiter.retryAfterMs('a')).toBe(1000);
  });

  it('rounds Retry-After up to whole seconds, never 0', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe('RateLimiter.take', () => {
  it('checks and counts in one step; a refund gives the event back; a refusal counts nothing', () => {
    let now = 5_000;
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000 }, () => now);
    const first = limiter.take('ip');
    const second = limiter.take('ip');
    expect(first.ok && second.ok).toBe(true);
    const third = limiter.take('ip');
    expect(third).toEqual({ ok: false, retryAfterMs: 10_000 });

    if (first.ok) first.refund();
    now += 1;
    expect(limiter.take('ip').ok).toBe(true);
    expect(limiter.take('ip').ok).toBe(false);
  });
});

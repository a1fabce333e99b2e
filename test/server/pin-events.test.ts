import { describe, expect, it } from 'vitest';
import { InMemoryPinEvents } from '../../src/server/link/pin-events';

describe('InMemoryPinEvents', () => {
  it('wakes waiters of the notified pin only, and forgets them', async () => {
    const events = new InMemoryPinEvents();
    const never = new AbortController();
    let woke = '';
    const a = events.wait(1, 10_000, never.signal).then(() => (woke += 'a'));
    const b = events.wait(2, 50, never.signal).then(() => (woke += 'b'));
    expect(events.waiting).toBe(2);
    events.notify(1);
    await a;
    expect(woke).toBe('a');
    await b; // by its timeout
    expect(woke).toBe('ab');
    expect(events.waiting).toBe(0);
  });

  it('releases a waiter when its request goes away (abort), leaving nothing behind', async () => {
    const events = new InMemoryPinEvents();
    const gone = new AbortController();
    const waiting = events.wait(1, 30_000, gone.signal);
    gone.abort();
    await waiting;
    expect(events.waiting).toBe(0);
  });

  it('close() releases every waiter and later waits return at once', async () => {
    const events = new InMemoryPinEvents();
    const signal = new AbortController().signal;
    const held = [
      events.wait(1, 30_000, signal),
      events.wait(1, 30_000, signal),
      events.wait(3, 30_000, signal),
    ];
    events.close();
    await Promise.all(held);
    expect(events.waiting).toBe(0);
    await events.wait(4, 30_000, signal);
  });
});

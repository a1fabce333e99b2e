import { describe, expect, it } from 'vitest';
import { LatestOnly } from '../../src/tv/latest-only';

describe('LatestOnly', () => {
  it('a turn is current until the next begins; the one before is cancelled', () => {
    const latest = new LatestOnly();
    const first = latest.begin();
    let aborted = 0;
    first.signal.addEventListener('abort', () => aborted++);
    expect(first.current()).toBe(true);
    expect(first.signal.aborted).toBe(false);

    const second = latest.begin();
    expect(first.current()).toBe(false);
    expect(first.signal.aborted).toBe(true);
    expect(aborted).toBe(1);
    expect(second.current()).toBe(true);
    expect(second.signal.aborted).toBe(false);
  });

  it('end() makes the current turn stale and cancels it; a later begin() works again', () => {
    const latest = new LatestOnly();
    const turn = latest.begin();
    latest.end();
    expect(turn.current()).toBe(false);
    expect(turn.signal.aborted).toBe(true);
    latest.end(); // twice is harmless
    const next = latest.begin();
    expect(next.current()).toBe(true);
    expect(next.signal.aborted).toBe(false);
  });

  it('an answer that arrives after a newer turn began is dropped by the guard', async () => {
    const latest = new LatestOnly();
    const shown: string[] = [];
    const load = (answer: Promise<string>) => {
      const turn = latest.begin();
      return answer.then((value) => {
        if (turn.current()) shown.push(value);
      });
    };
    let answerSlow: (value: string) => void = () => undefined;
    const slow = load(new Promise<string>((resolve) => (answerSlow = resolve)));
    const fast = load(Promise.resolve('new'));
    await fast;
    answerSlow('old');
    await slow;
    expect(shown).toEqual(['new']);
  });
});

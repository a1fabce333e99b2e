import { beforeEach, describe, expect, it } from 'vitest';
import { PlexRequestError } from '../../src/plex/errors';
import type { AbortSignalLike } from '../../src/plex/http';
import type { PlexPin, PlexUser } from '../../src/protocol/plex-account';
import { type ActivationApi, ActivationController } from '../../src/tv/activation/activation-controller';
import type { ActivationModel } from '../../src/tv/activation/activation-machine';
import { FakeClock, settle } from '../support/fake-clock';

interface Call<T> {
  args: unknown[];
  signal: AbortSignalLike | undefined;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** An account API whose every answer the test gives by hand. */
class ScriptedApi implements ActivationApi {
  creates: Call<PlexPin>[] = [];
  polls: Call<PlexPin>[] = [];
  users: Call<PlexUser>[] = [];

  createPin(signal?: AbortSignalLike) {
    return this.call(this.creates, [], signal);
  }
  getPin(id: number, options: { waitSeconds?: number; signal?: AbortSignalLike }) {
    return this.call(this.polls, [id, options.waitSeconds], options.signal);
  }
  getUser(token: string, signal?: AbortSignalLike) {
    return this.call(this.users, [token], signal);
  }
  lastPoll() {
    return this.polls[this.polls.length - 1];
  }
  private call<T>(list: Call<T>[], args: unknown[], signal?: AbortSignalLike): Promise<T> {
    return new Promise<T>((resolve, reject) => list.push({ args, signal, resolve, reject }));
  }
}

let pinIds = 100;
function pin(overrides: Partial<PlexPin> = {}): PlexPin {
  const id = pinIds++;
  return {
    id,
    code: `CODE${id}`,
    product: '0',
    trusted: false,
    qr: '',
    clientIdentifier: 'tv',
    location: null,
    expiresIn: 900,
    createdAt: '2026-11-27T00:00:00Z',
    expiresAt: '2026-11-27T00:15:00Z',
    authToken: null,
    newRegistration: null,
    ...overrides,
  };
}

const user = {
  id: 1,
  uuid: 'u',
  username: 'admin',
  title: 'Admin',
  email: '',
  friendlyName: '',
  thumb: '',
  authToken: 't',
};

describe('activation machine', () => {
  let clock: FakeClock;
  let api: ScriptedApi;
  let controller: ActivationController;
  let finished: { token: string; accountName: string }[];
  const phase = () => controller.current.phase;
  const shownCode = () => {
    const current = phase();
    return current.kind === 'waiting' ? current.pin.code : null;
  };

  beforeEach(() => {
    clock = new FakeClock();
    api = new ScriptedApi();
    finished = [];
    controller = new ActivationController({
      api,
      clock,
      random: () => 1, // no jitter: delays are the backoff ceilings
      onChange: (_model: ActivationModel) => {},
      onFinished: (token, accountName) => finished.push({ token, accountName }),
    });
  });

  async function showCode(first = pin()) {
    controller.start(true);
    expect(api.creates).toHaveLength(1);
    api.creates[0].resolve(first);
    await settle();
    return first;
  }

  it('asks for a code, shows it and long-polls it for at most 25 s', async () => {
    const first = await showCode();
    expect(shownCode()).toBe(first.code);
    expect(api.polls).toHaveLength(1);
    expect(api.polls[0].args).toEqual([first.id, 25]);
  });

  it('polls again at once after a held long-poll, but waits a second after an instant answer (plex.tv)', async () => {
    const first = await showCode();
    await clock.advance(25_000);
    api.polls[0].resolve(first);
    await settle();
    expect(api.polls).toHaveLength(2);

    api.polls[1].resolve(first); // answered at once
    await clock.advance(999);
    expect(api.polls).toHaveLength(2);
    await clock.advance(1);
    expect(api.polls).toHaveLength(3);
  });

  it('fetches a fresh code before the old one expires, with no key press', async () => {
    const first = await showCode(pin({ expiresIn: 60 }));
    await clock.advance(53_999);
    expect(api.creates).toHaveLength(1);
    await clock.advance(1); // 60 s - 6 s lead (a tenth of the lifetime)
    expect(api.creates).toHaveLength(2);
    expect(shownCode()).toBe(first.code); // the old code stays while it is still good

    const second = pin({ expiresIn: 60 });
    api.creates[1].resolve(second);
    await settle();
    expect(shownCode()).toBe(second.code);
    expect(api.lastPoll().args[0]).toBe(second.id);
    expect(api.polls[0].signal?.aborted).toBe(true); // the old code's poll was dropped
  });

  it('never shows a code past its expiry, counted on the local clock', async () => {
    await showCode(pin({ expiresIn: 10 }));
    await clock.advance(9_000); // renewal starts at 9 s …
    expect(api.creates).toHaveLength(2);
    api.creates[1].reject(new PlexRequestError('unreachable', 'down'));
    await clock.advance(999);
    expect(shownCode()).not.toBeNull(); // … fails, but the code is still good for 1 s
    await clock.advance(1);
    expect(shownCode()).toBeNull();
    expect(phase().kind).toMatch(/requesting|unavailable/);
  });

  it('gets a fresh code when a poll says the code is gone (expired or denied)', async () => {
    await showCode();
    api.polls[0].reject(new PlexRequestError('not-found', 'Code not found or expired', 404));
    await settle();
    expect(phase().kind).toBe('requesting');
    expect(api.creates).toHaveLength(2);
  });

  it('says the server is unreachable and retries with growing delays capped at 30 s, then recovers', async () => {
    controller.start(true);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      api.creates[attempt].reject(new PlexRequestError('unreachable', "Can't reach"));
      await settle();
      const current = phase();
      expect(current.kind).toBe('unavailable');
      if (current.kind !== 'unavailable') return;
      expect(current.problem.failure).toBe('unreachable');
      const delay = current.problem.retryAt - clock.now();
      delays.push(delay);
      await clock.advance(delay);
      expect(api.creates).toHaveLength(attempt + 2);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);

    api.creates[7].resolve(pin());
    await settle();
    expect(phase().kind).toBe('waiting');
  });

  it('adds jitter to retry delays, never above the cap', async () => {
    const jittery = new ActivationController({
      api,
      clock,
      random: () => 0,
      onChange: () => {},
      onFinished: () => {},
    });
    jittery.start(true);
    api.creates[0].reject(new PlexRequestError('server-error', 'boom', 503));
    await settle();
    const current = jittery.current.phase;
    expect(current.kind === 'unavailable' && current.problem.retryAt - clock.now()).toBe(500);
  });

  it('keeps the code on screen while polls fail, and honours 429 Retry-After', async () => {
    const first = await showCode();
    api.polls[0].reject(new PlexRequestError('rate-limited', 'slow down', 429, 7_000));
    await settle();
    const current = phase();
    expect(current.kind === 'waiting' && current.problem?.failure).toBe('rate-limited');
    expect(shownCode()).toBe(first.code);
    await clock.advance(6_999);
    expect(api.polls).toHaveLength(1);
    await clock.advance(1);
    expect(api.polls).toHaveLength(2);

    expect(api.polls[1].args).toEqual([first.id, 0]); // an instant answer shows at once that the server is back

    api.polls[1].resolve(first);
    await settle();
    const recovered = phase();
    expect(recovered.kind === 'waiting' && recovered.problem).toBeNull();
    await clock.advance(1_000);
    expect(api.polls[2].args).toEqual([first.id, 25]); // then long-polling again
  });

  it('pauses while hidden and checks at once when shown again', async () => {
    const first = await showCode();
    controller.setVisible(false);
    expect(api.polls[0].signal?.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    api.polls[0].resolve({ ...first, authToken: 'late' }); // an aborted request's answer is ignored
    await clock.advance(60_000);
    expect(api.polls).toHaveLength(1);
    expect(phase().kind).toBe('waiting');

    controller.setVisible(true);
    expect(api.polls).toHaveLength(2);
    expect(api.polls[1].args[0]).toBe(first.id);
  });

  it('fetches a new code when shown after the old one expired while hidden', async () => {
    await showCode(pin({ expiresIn: 30 }));
    controller.setVisible(false);
    await clock.advance(31_000);
    expect(api.creates).toHaveLength(1); // nobody can see a code while hidden: none is fetched
    controller.setVisible(true);
    expect(shownCode()).toBeNull();
    expect(api.creates).toHaveLength(2);
  });

  it('links: token → account name → "Linked to" message → session handed over', async () => {
    const first = await showCode();
    api.polls[0].resolve({ ...first, authToken: 'device-token' });
    await settle();
    expect(phase().kind).toBe('confirming');
    expect(api.users[0].args).toEqual(['device-token']);
    api.users[0].resolve(user);
    await settle();
    expect(phase()).toEqual({ kind: 'linked', token: 'device-token', accountName: 'Admin' });
    await clock.advance(1_499);
    expect(finished).toEqual([]);
    await clock.advance(1);
    expect(finished).toEqual([{ token: 'device-token', accountName: 'Admin' }]);
    expect(phase().kind).toBe('finished');
  });

  it('starts over when the new token is refused (401)', async () => {
    const first = await showCode();
    api.polls[0].resolve({ ...first, authToken: 'bad' });
    await settle();
    api.users[0].reject(new PlexRequestError('unauthorized', 'no', 401));
    await settle();
    expect(phase().kind).toBe('requesting');
    expect(api.creates).toHaveLength(2);
    await clock.advance(60_000);
    expect(finished).toHaveLength(0);
  });

  it('retries loading the account when the server is down after linking', async () => {
    const first = await showCode();
    api.polls[0].resolve({ ...first, authToken: 'device-token' });
    await settle();
    api.users[0].reject(new PlexRequestError('unreachable', 'down'));
    await settle();
    expect(phase().kind).toBe('confirming');
    await clock.advance(1_000);
    expect(api.users).toHaveLength(2);
  });

  it('gets a new code on request and ignores the old code’s late answers', async () => {
    const first = await showCode();
    controller.requestNewCode();
    expect(api.polls[0].signal?.aborted).toBe(true);
    api.polls[0].resolve({ ...first, authToken: 'stale' });
    await settle();
    expect(phase().kind).toBe('requesting');
    expect(api.creates).toHaveLength(2);
  });

  it('does nothing once stopped', async () => {
    await showCode();
    controller.stop();
    expect(api.polls[0].signal?.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });
});

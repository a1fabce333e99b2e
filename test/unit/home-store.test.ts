import { describe, expect, it } from 'vitest';
import { PlexRequestError } from '../../src/plex/errors';
import type { PlexConnection, PlexResource, PlexUser } from '../../src/protocol/plex-account';
import type { KeyValueStorage } from '../../src/tv/platform/platform';
import {
  createHomeStore,
  type HomeAccountApi,
  SESSION_CHECK_MS,
  type ServerProbe,
  SIGNED_OUT_MESSAGE,
} from '../../src/tv/stores/home-store';
import { createSessionStore } from '../../src/tv/stores/session-store';
import { FakeClock, settle } from '../support/fake-clock';

// The home store against a real session store, a fake account API, fake probes and a hand-driven clock.

function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
  };
}

function linkedSession() {
  const session = createSessionStore({
    storage: memoryStorage(),
    identity: {
      clientIdentifier: 'tv-1',
      product: 'Marquee',
      version: '0.1.0',
      platform: 'Chrome',
      platformVersion: '120',
      device: 'Browser',
      model: 'test',
      deviceName: 'Test TV',
    },
    accountServiceUrl: 'http://home.test:32400',
  });
  session.getState().linked({ token: 'account-token', accountName: 'old name' });
  return session;
}

const user = { id: 1, uuid: 'u1', username: 'alice', title: 'Alice', authToken: 'account-token' } as PlexUser;

function connection(uri: string, local: boolean, relay = false): PlexConnection {
  return { protocol: 'http', address: '', port: 32400, uri, local, relay, IPv6: false };
}

function resource(name: string, id: string, provides: string, connections: PlexConnection[]): PlexResource {
  return { name, clientIdentifier: id, provides, accessToken: `${id}-token`, connections } as PlexResource;
}

const homeServer = resource('Home Server', 'srv-1', 'server', [
  connection('http://192.168.1.5:32400', true),
  connection('https://relay.example:443', false, true),
]);
const player = resource('Phone', 'player-1', 'client,player', []);

type Answer<T> = T | PlexRequestError;

/** An account API whose answers are queued per call; the last one repeats. */
function fakeAccount(users: Answer<PlexUser>[], resources: Answer<PlexResource[]>[]) {
  const calls = { getUser: 0, getResources: 0, signOut: [] as string[] };
  const answer = <T>(list: Answer<T>[], index: number) => {
    const value = list[Math.min(index, list.length - 1)];
    return value instanceof PlexRequestError ? Promise.reject(value) : Promise.resolve(value);
  };
  const api: HomeAccountApi = {
    getUser: () => answer(users, calls.getUser++),
    getResources: () => answer(resources, calls.getResources++),
    signOut: (token) => {
      calls.signOut.push(token);
      return Promise.reject(new PlexRequestError('unreachable', 'down'));
    },
  };
  return { api, calls };
}

/** Answers /identity for the URIs listed as up, as the server they belong to. */
function fakeProbe(up: Set<string>): ServerProbe {
  return (resource, uri) =>
    up.has(uri)
      ? Promise.resolve({ machineIdentifier: resource.clientIdentifier })
      : Promise.reject(new PlexRequestError('unreachable', `no ${uri}`));
}

const unreachable = () => new PlexRequestError('unreachable', "Can't reach home.test");
const unauthorized = () => new PlexRequestError('unauthorized', 'Invalid token', 401);

describe('home store', () => {
  it('loads the account and its servers, and shows how each server is reached', async () => {
    const session = linkedSession();
    const { api } = fakeAccount([user], [[homeServer, player]]);
    const clock = new FakeClock();
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set(['http://192.168.1.5:32400'])),
      clock,
      random: () => 0,
    });

    expect(home.getState().accountName).toBe('old name');
    home.getState().start();
    expect(home.getState().loading).toBe(true);
    await settle();

    const state = home.getState();
    expect(state.error).toBeNull();
    expect(state.accountName).toBe('Alice');
    expect(session.getState().session).toEqual({ token: 'account-token', accountName: 'Alice' });
    // Only resources that provide 'server'.
    expect(state.servers?.map((server) => server.name)).toEqual(['Home Server']);
    expect(state.servers?.[0].status).toEqual({
      kind: 'online',
      connection: { uri: 'http://192.168.1.5:32400', local: true, relay: false },
    });
    expect(clock.pendingTimers()).toBe(1); // only the periodic token check
  });

  it('checks the token every minute while home is up, and signs out once it is revoked', async () => {
    const session = linkedSession();
    const { api, calls } = fakeAccount([user, user, unauthorized()], [[homeServer]]);
    const clock = new FakeClock();
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set(['http://192.168.1.5:32400'])),
      clock,
    });
    home.getState().start();
    await settle();
    expect(calls.getUser).toBe(1);

    await clock.advance(SESSION_CHECK_MS);
    expect(calls.getUser).toBe(2);
    expect(session.getState().session).not.toBeNull();
    expect(calls.getResources).toBe(1); // a quiet check: the server list is left alone

    await clock.advance(SESSION_CHECK_MS);
    expect(calls.getUser).toBe(3);
    expect(session.getState().session).toBeNull();
    expect(session.getState().signedOutReason).toBe(SIGNED_OUT_MESSAGE);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a 401 signs the TV out with a message for the activation screen', async () => {
    const session = linkedSession();
    const { api } = fakeAccount([unauthorized()], [[homeServer]]);
    const clock = new FakeClock();
    const home = createHomeStore({ session, account: api, probe: fakeProbe(new Set()), clock });

    home.getState().start();
    await settle();

    expect(session.getState().session).toBeNull();
    expect(session.getState().signedOutReason).toBe(SIGNED_OUT_MESSAGE);
    expect(home.getState().error).toBeNull();
    expect(clock.pendingTimers()).toBe(0); // no retry against a revoked token
  });

  it('a 401 from resources wins over another failure', async () => {
    const session = linkedSession();
    const { api } = fakeAccount([unreachable()], [unauthorized()]);
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set()),
      clock: new FakeClock(),
    });
    home.getState().start();
    await settle();
    expect(session.getState().signedOutReason).toBe(SIGNED_OUT_MESSAGE);
  });

  it('unreachable → banner, retries with growing delays, then recovers by itself', async () => {
    const session = linkedSession();
    const { api, calls } = fakeAccount([unreachable(), unreachable(), user], [[homeServer]]);
    const clock = new FakeClock();
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set(['http://192.168.1.5:32400'])),
      clock,
      random: () => 1, // no jitter: 1 s, 2 s, …
    });

    home.getState().start();
    await settle();
    expect(home.getState().error?.title).toBe("Can't reach the server");
    expect(home.getState().loading).toBe(false);

    await clock.advance(999);
    expect(calls.getUser).toBe(1);
    await clock.advance(1);
    expect(calls.getUser).toBe(2);
    expect(home.getState().error?.title).toBe("Can't reach the server");

    await clock.advance(1999);
    expect(calls.getUser).toBe(2);
    await clock.advance(1);
    expect(calls.getUser).toBe(3);
    expect(home.getState().error).toBeNull();
    expect(home.getState().servers?.[0].status.kind).toBe('online');
    expect(session.getState().session).not.toBeNull();
  });

  it('backoff is capped at 30 s and jittered', async () => {
    const session = linkedSession();
    const { api, calls } = fakeAccount([unreachable()], [[homeServer]]);
    const clock = new FakeClock();
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set()),
      clock,
      random: () => 0,
    });
    home.getState().start();
    await settle();
    // random 0 = half of 1 s, 2 s, 4 s … capped at 30 s
    const delays = [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000];
    for (const [index, delay] of delays.entries()) {
      await clock.advance(delay - 1);
      expect(calls.getUser).toBe(index + 1);
      await clock.advance(1);
      expect(calls.getUser).toBe(index + 2);
    }
  });

  it('a 5xx says the server had a problem; Retry loads at once', async () => {
    const session = linkedSession();
    const { api, calls } = fakeAccount(
      [new PlexRequestError('server-error', 'boom', 500), user],
      [[homeServer]],
    );
    const clock = new FakeClock();
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set()),
      clock,
      random: () => 1,
    });
    home.getState().start();
    await settle();
    expect(home.getState().error?.title).toBe('The server had a problem');

    home.getState().refresh();
    expect(home.getState().loading).toBe(true);
    expect(home.getState().error).not.toBeNull(); // the banner (and its focused Retry) stays while retrying
    await settle();
    expect(calls.getUser).toBe(2);
    expect(home.getState().error).toBeNull();
  });

  it('marks a server unreachable when no connection answers as it, and re-checks it later', async () => {
    const session = linkedSession();
    const { api } = fakeAccount([user], [[homeServer]]);
    const up = new Set<string>();
    const clock = new FakeClock();
    const home = createHomeStore({ session, account: api, probe: fakeProbe(up), clock, random: () => 1 });
    home.getState().start();
    await settle();
    expect(home.getState().servers?.[0].status).toEqual({ kind: 'unreachable' });
    expect(home.getState().error).toBeNull();

    up.add('https://relay.example:443');
    await clock.advance(1000);
    expect(home.getState().servers?.[0].status).toEqual({
      kind: 'online',
      connection: { uri: 'https://relay.example:443', local: false, relay: true },
    });
  });

  it('stop drops late answers and pending retries', async () => {
    const session = linkedSession();
    const { api, calls } = fakeAccount([unreachable()], [[homeServer]]);
    const clock = new FakeClock();
    const home = createHomeStore({ session, account: api, probe: fakeProbe(new Set()), clock });
    home.getState().start();
    await settle();
    home.getState().stop();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(60_000);
    expect(calls.getUser).toBe(1);
  });

  it('sign out tells the service (best effort) and forgets the token locally', async () => {
    const session = linkedSession();
    const { api, calls } = fakeAccount([user], [[homeServer]]);
    const home = createHomeStore({
      session,
      account: api,
      probe: fakeProbe(new Set()),
      clock: new FakeClock(),
    });
    home.getState().signOut();
    await settle();
    expect(calls.signOut).toEqual(['account-token']);
    expect(session.getState().session).toBeNull();
    expect(session.getState().signedOutReason).toBeNull();
  });
});

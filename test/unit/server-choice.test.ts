import { describe, expect, it } from 'vitest';
import type { PlexResource } from '../../src/protocol/plex-account';
import type { KeyValueStorage } from '../../src/tv/platform/platform';
import { describeServerSetting } from '../../src/tv/screens/settings/settings-text';
import type { HomeServer } from '../../src/tv/stores/home-store';
import { createLibraryServerStore } from '../../src/tv/stores/library-server';
import {
  preferredServerKey,
  readPreferredServer,
  rememberPreferredServer,
} from '../../src/tv/stores/preferred-server';
import { readServerChoice, rememberServerChoice } from '../../src/tv/stores/server-choice';
import { serverOwnerText, serverRowStatus, serverStatusText } from '../../src/tv/stores/server-rows';
import { createSessionStore } from '../../src/tv/stores/session-store';
import { fakeLibrary } from './library-fakes';
import { identity } from './plex-fixtures';

function memoryStorage() {
  const values = new Map<string, string>();
  const storage: KeyValueStorage = {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
  };
  return { storage, values };
}

describe('the remembered server choice', () => {
  it('round-trips, and a damaged entry reads as none', () => {
    const { storage, values } = memoryStorage();
    expect(readServerChoice(storage)).toBeNull();
    rememberServerChoice(storage, { kind: 'home', url: 'http://127.0.0.77:32400', name: 'Den' });
    expect(readServerChoice(storage)).toEqual({ kind: 'home', url: 'http://127.0.0.77:32400', name: 'Den' });
    rememberServerChoice(storage, { kind: 'plex', url: 'https://plex.tv' });
    expect(readServerChoice(storage)).toEqual({ kind: 'plex', url: 'https://plex.tv' });
    for (const damaged of ['{', '{"kind":"plex"}', '{"kind":"other","url":"http://x"}', '42']) {
      values.set('marquee.serverChoice', damaged);
      expect(readServerChoice(storage), damaged).toBeNull();
    }
  });

  it('the preferred server is kept per account service and account', () => {
    const { storage } = memoryStorage();
    const alice = preferredServerKey('http://home:32400', 'alice');
    rememberPreferredServer(storage, alice, 'srv-2');
    expect(readPreferredServer(storage, alice)).toBe('srv-2');
    expect(readPreferredServer(storage, preferredServerKey('http://home:32400', 'bob'))).toBeNull();
    expect(readPreferredServer(storage, preferredServerKey('https://plex.tv', 'alice'))).toBeNull();
  });
});

describe('changing the account service', () => {
  it('a first run starts with none; choosing one keeps no stale session', () => {
    const { storage } = memoryStorage();
    const session = createSessionStore({ storage, identity, accountServiceUrl: null });
    expect(session.getState().accountServiceUrl).toBeNull();
    expect(() => session.getState().accountClient()).toThrow(/No account service/);
    session.getState().useAccountService('http://127.0.0.77:32400');
    expect(session.getState()).toMatchObject({
      accountServiceUrl: 'http://127.0.0.77:32400',
      session: null,
      signedOutReason: null,
    });
    expect(session.getState().accountClient().baseUrl).toBe('http://127.0.0.77:32400');
  });

  it('signs a linked TV out, saying so, and a restart does not bring the old token back', () => {
    const { storage } = memoryStorage();
    const session = createSessionStore({ storage, identity, accountServiceUrl: 'http://127.0.0.1:9' });
    session.getState().linked({ token: 'tok', accountName: 'alice' });
    session.getState().useAccountService('https://plex.tv');
    expect(session.getState().session).toBeNull();
    expect(session.getState().signedOutReason).toBe('Signed out of alice to use plex.tv.');
    expect(session.getState().accountClient().baseUrl).toBe('https://plex.tv');
    const restarted = createSessionStore({ storage, identity, accountServiceUrl: 'http://127.0.0.1:9' });
    expect(restarted.getState().session).toBeNull();
  });

  it('a token is read back only for the service that issued it', () => {
    const { storage } = memoryStorage();
    const first = createSessionStore({ storage, identity, accountServiceUrl: null });
    first.getState().useAccountService('http://127.0.0.77:32400');
    first.getState().linked({ token: 'tok', accountName: 'alice' });
    expect(
      createSessionStore({ storage, identity, accountServiceUrl: 'http://127.0.0.77:32400' }).getState()
        .session,
    ).toEqual({
      token: 'tok',
      accountName: 'alice',
    });
    expect(
      createSessionStore({ storage, identity, accountServiceUrl: 'https://plex.tv' }).getState().session,
    ).toBeNull();
  });
});

function server(id: string, status: HomeServer['status'], resource: Partial<PlexResource> = {}): HomeServer {
  return {
    id,
    name: `Server ${id}`,
    status,
    resource: {
      accessToken: `${id}-token`,
      owned: true,
      sourceTitle: null,
      connections: [],
      ...resource,
    } as PlexResource,
  };
}
const online = (uri: string, local = true, relay = false): HomeServer['status'] => ({
  kind: 'online',
  connection: { uri, local, relay },
});

describe('which server home browses', () => {
  it('the viewer’s pick when online; while it is checked, what it had; when offline, the first online', () => {
    const store = createLibraryServerStore(() => fakeLibrary({}).api);
    const a = server('a', online('http://a:32400'));
    store.getState().choose([a, server('b', { kind: 'checking' })], identity, 'b');
    expect(store.getState().server).toBeNull(); // waits for b rather than flashing a's library
    store.getState().choose([a, server('b', online('http://b:32400', false))], identity, 'b');
    expect(store.getState().server).toMatchObject({ id: 'b', uri: 'http://b:32400', local: false });
    store.getState().choose([a, server('b', { kind: 'checking' })], identity, 'b');
    expect(store.getState().server?.id).toBe('b');
    store.getState().choose([a, server('b', { kind: 'unreachable' })], identity, 'b');
    expect(store.getState().server?.id).toBe('a');
    store.getState().choose([a, server('b', online('http://b:32400'))], identity, null);
    expect(store.getState().server?.id).toBe('a');
  });
});

describe('how a server is described', () => {
  it('online with how it is reached; offline (retried) vs unreachable (no address); owner', () => {
    const connection = {
      protocol: 'http',
      address: 'x',
      port: 1,
      uri: 'http://x:1',
      local: true,
      relay: false,
      IPv6: false,
    } as const;
    const offline = server('o', { kind: 'unreachable' }, { connections: [connection] });
    const noAddress = server('n', { kind: 'unreachable' }, { connections: [] });
    expect(serverRowStatus(offline)).toBe('offline');
    expect(serverStatusText(offline)).toBe('Offline · trying again');
    expect(serverRowStatus(noAddress)).toBe('unreachable');
    expect(serverStatusText(noAddress)).toContain('no address');
    expect(serverStatusText(server('r', online('https://relay', false, true)))).toBe('Online · relay');
    expect(serverStatusText(server('l', online('http://l')))).toBe('Online · local');
    expect(serverStatusText(server('m', online('https://m', false)))).toBe('Online · remote');
    expect(serverRowStatus(server('c', { kind: 'checking' }))).toBe('checking');
    expect(serverOwnerText(server('s', { kind: 'checking' }, { owned: false, sourceTitle: 'bob' }))).toBe(
      'Shared by bob',
    );
    expect(serverOwnerText(server('s', { kind: 'checking' }))).toBe('Your server');
  });

  it('Settings names the server in use and where that came from', () => {
    const base = { plexTvUrl: 'https://plex.tv', choice: null, source: null };
    expect(describeServerSetting({ ...base, accountServiceUrl: null }).title).toBe('None chosen');
    expect(
      describeServerSetting({ ...base, accountServiceUrl: 'https://plex.tv', source: 'remembered' }),
    ).toEqual({
      title: 'Plex account · plex.tv',
      detail: 'Chosen on this TV.',
    });
    expect(
      describeServerSetting({
        ...base,
        accountServiceUrl: 'http://127.0.0.77:32400',
        choice: { kind: 'home', url: 'http://127.0.0.77:32400', name: 'Den' },
      }),
    ).toEqual({ title: 'Den · 127.0.0.77:32400', detail: 'Chosen on this TV.' });
    expect(
      describeServerSetting({ ...base, accountServiceUrl: 'http://10.0.0.2:32400', source: 'query' }),
    ).toEqual({
      title: 'Home server · 10.0.0.2:32400',
      detail: 'Set by the ?server= address this app was opened with.',
    });
  });
});

describe('which server home opens with, when none is preferred', () => {
  it('the first online in the account’s order, waiting for a server ahead of it that is still checked', () => {
    const store = createLibraryServerStore(() => fakeLibrary({}).api);
    const own = (status: HomeServer['status']) => server('own', status);
    const shared = server('shared', online('http://shared:32400'), { owned: false });
    store.getState().choose([own({ kind: 'checking' }), shared], identity);
    expect(store.getState().server).toBeNull(); // the shared one answered first: not a reason to open it
    store.getState().choose([own(online('http://own:32400')), shared], identity);
    expect(store.getState().server?.id).toBe('own');
    const fresh = createLibraryServerStore(() => fakeLibrary({}).api);
    fresh.getState().choose([own({ kind: 'unreachable' }), shared], identity);
    expect(fresh.getState().server?.id).toBe('shared');
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { ChosenConnection } from '../../src/plex/connection';
import { PlexServerClient } from '../../src/plex/server-client';
import type { PlexHub, PlexSection } from '../../src/protocol/plex-media';
import type { HomeServer } from '../../src/tv/stores/home-store';
import { buildHomeRows, createLibraryHomeStore, SECTION_ROW_SIZE } from '../../src/tv/stores/library-home';
import { connectionLabel, createLibraryServerStore } from '../../src/tv/stores/library-server';
import { settle } from '../support/fake-clock';
import { fakeLibrary, movie, sortedTitles, unauthorized, unreachable } from './library-fakes';
import { fixture, routedTransport, identity as tvIdentity } from './plex-fixtures';

const hub = (hubIdentifier: string, title: string, ids: number[]): PlexHub => ({
  title,
  type: 'mixed',
  hubIdentifier,
  size: ids.length,
  more: false,
  Metadata: ids.map((id) => movie(id, `Title ${id}`, { viewOffset: '60000', duration: 5_400_000 })),
});

const sections: PlexSection[] = [
  { key: '1', type: 'movie', title: 'Movies' },
  { key: '2', type: 'show', title: 'TV Shows' },
  { key: '3', type: 'photo', title: 'Photos' },
];

describe('home rows from hubs and sections', () => {
  it('orders Continue Watching, Recently Added, then each section; empty rows are left out', () => {
    const rows = buildHomeRows(
      [hub('home.recentlyAdded', 'Recently Added', [3, 4]), hub('home.continue', 'Continue Watching', [1])],
      sections.slice(0, 2),
      [
        { items: [movie(10, 'Alien')], offset: 0, totalSize: 250 },
        { items: [], offset: 0, totalSize: 0 },
      ],
    );
    expect(rows.map((row) => [row.id, row.title, row.items.length])).toEqual([
      ['continue', 'Continue Watching', 1],
      ['recent', 'Recently Added', 2],
      ['section-1', 'Movies', 1],
    ]);
    expect(rows[0].items[0].viewOffsetMs).toBe(60_000);
    expect(rows[0].items[0].subtitle).toBe('1 h 29 min left'); // 90 min, 1 min in
    expect(rows[1].items[0].subtitle).toBe(''); // Recently Added keeps the year line (none here)
    expect(rows[2].section).toEqual({ key: '1', title: 'Movies', totalSize: 250 });
    expect(rows[0].section).toBeNull();
  });

  it('gives nothing for an empty library', () => {
    expect(
      buildHomeRows([hub('home.continue', 'Continue Watching', [])], sections.slice(0, 1), [null]),
    ).toEqual([]);
  });

  it('loads rows, asking each video section for its first page', async () => {
    const library = fakeLibrary({
      titles: sortedTitles(60),
      sections,
      hubs: [hub('home.continue', 'Continue Watching', [1])],
    });
    const store = createLibraryHomeStore({ onUnauthorized: vi.fn() });
    store.getState().load(library.api);
    expect(store.getState().status).toBe('loading');
    await settle();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().rows.map((row) => row.id)).toEqual(['continue', 'section-1', 'section-2']);
    expect(library.calls.sectionItems).toEqual([
      { start: 0, size: SECTION_ROW_SIZE },
      { start: 0, size: SECTION_ROW_SIZE },
    ]);
    // Same server again (Back to home): rows kept, nothing fetched.
    store.getState().load(library.api);
    expect(store.getState().status).toBe('ready');
    expect(library.calls.sectionItems.length).toBe(2);
  });

  it("shows a row of 50 of a large section's items, the rest behind All", async () => {
    const library = fakeLibrary({ titles: sortedTitles(60), sections: sections.slice(0, 1) });
    const store = createLibraryHomeStore({ onUnauthorized: vi.fn() });
    store.getState().load(library.api);
    await settle();
    const [row] = store.getState().rows;
    expect(row.items.length).toBe(50);
    expect(row.section).toEqual({ key: '1', title: 'Movies', totalSize: 60 });
  });

  it('shows a failure (Retry reloads) and signs out on a 401', async () => {
    const library = fakeLibrary({ sections });
    library.failNext('hubs', unreachable());
    const onUnauthorized = vi.fn();
    const store = createLibraryHomeStore({ onUnauthorized });
    store.getState().load(library.api);
    await settle();
    expect(store.getState()).toMatchObject({ status: 'error', error: { title: "Can't reach the server" } });
    store.getState().reload();
    await settle();
    expect(store.getState()).toMatchObject({ status: 'ready', rows: [], error: null });
    library.failNext('sections', unauthorized());
    store.getState().reload();
    await settle();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});

describe('home rows on a real server’s answers (test/fixtures/plex)', () => {
  // /hubs as real servers name their hubs (synthetic/hubs_home.json), the recorded /library/sections and
  // the recorded first page of a movie section, through the real client.
  function realServer() {
    const { transport, requests } = routedTransport([
      ['/hubs', { body: fixture('synthetic/hubs_home.json') }],
      ['/library/sections', { body: fixture('plexkit/libraries.json') }],
      [/^\/library\/sections\/\d+\/all$/, { body: fixture('plex-api-rs/movie_library.json') }],
    ]);
    const api = new PlexServerClient({
      baseUrl: 'http://pms:32400',
      token: 't',
      identity: tvIdentity,
      transport,
    });
    return { api, requests };
  }

  async function loadedRows() {
    const { api, requests } = realServer();
    const store = createLibraryHomeStore({ onUnauthorized: vi.fn() });
    store.getState().load(api);
    for (let round = 0; round < 20 && store.getState().status === 'loading'; round++) await settle();
    expect(store.getState().status).toBe('ready');
    return { rows: store.getState().rows, requests };
  }

  it('builds Continue Watching from home.continue and home.ondeck, each title once', async () => {
    const { rows } = await loadedRows();
    const continueRow = rows.find((row) => row.id === 'continue');
    expect(continueRow?.items.map((item) => [item.id, item.title])).toEqual([
      ['57303', 'Penn & Teller: Fool Us'],
      ['57302', "Hell's Kitchen (US)"],
    ]);
    expect(continueRow?.items[0].subtitle).toBe('S11 · E3 · 32 min left');
  });

  it('builds one Recently Added row from the per-type and per-library hubs, newest first, video only', async () => {
    const { rows } = await loadedRows();
    const recent = rows.find((row) => row.id === 'recent');
    // TV (2025) before movies (2020); Big Buck Bunny once although two hubs list it; no album, no playlist.
    expect(recent?.items.map((item) => item.id)).toEqual(['57303', '108', '55', '57']);
    expect(recent?.items.map((item) => item.title)).toEqual([
      'Penn & Teller: Fool Us',
      'Interstate 60',
      'Big Buck Bunny',
      'Sintel',
    ]);
    expect(recent?.items[2].year).toBe(2008); // "2008" as sent
  });

  it('then one row per video section, from the recorded listings', async () => {
    const { rows, requests } = await loadedRows();
    expect(rows.map((row) => row.id)).toEqual(['continue', 'recent', 'section-4', 'section-5', 'section-21']);
    expect(rows[2].items.map((item) => item.title)).toEqual([
      'Big Buck Bunny',
      'Elephants Dream',
      'Interstate 60',
      'Sintel',
    ]);
    // The music section is not asked for.
    expect(requests.some((request) => request.url.indexOf('/library/sections/31/') >= 0)).toBe(false);
  });

  it('shows in Recently Added only what Marquee plays: no albums, photos or playlists', () => {
    const album = { ...movie(9001, 'An Album'), type: 'album' };
    const rows = buildHomeRows(
      [
        {
          title: 'Recently Added Music',
          type: 'album',
          hubIdentifier: 'home.music.recent',
          size: 1,
          more: false,
          Metadata: [album],
        },
        { ...hub('home.recentlyAdded', 'Recently Added', [7]), Metadata: [album, movie(7, 'Alien')] },
      ],
      [],
      [],
    );
    expect(rows.map((row) => [row.id, row.items.map((item) => item.title)])).toEqual([['recent', ['Alien']]]);
  });
});

describe('the library server', () => {
  const identity = {
    clientIdentifier: 'tv',
    product: 'Marquee',
    version: '1',
    platform: 'x',
    platformVersion: '1',
    device: 'd',
    model: 'm',
    deviceName: 'TV',
  };
  const server = (id: string, status: HomeServer['status']): HomeServer => ({
    id,
    name: `Server ${id}`,
    status,
    resource: { accessToken: `${id}-token` } as HomeServer['resource'],
  });
  const online = (uri: string): { kind: 'online'; connection: ChosenConnection } => ({
    kind: 'online',
    connection: { uri, local: true, relay: false },
  });

  it('is the first online server, with its own token, and stays the same client while nothing changes', () => {
    const made: string[] = [];
    const store = createLibraryServerStore((uri, token) => {
      made.push(`${uri} ${token}`);
      return fakeLibrary({}).api;
    });
    store
      .getState()
      .choose([server('a', { kind: 'unreachable' }), server('b', online('http://b:32400'))], identity);
    expect(store.getState().server).toMatchObject({
      id: 'b',
      name: 'Server b',
      uri: 'http://b:32400',
      local: true,
    });
    const first = store.getState().server?.api;
    store.getState().choose([server('a', { kind: 'checking' }), server('b', { kind: 'checking' })], identity);
    store.getState().choose([server('b', online('http://b:32400'))], identity);
    expect(store.getState().server?.api).toBe(first);
    expect(made).toEqual(['http://b:32400 b-token']);
    expect(connectionLabel(store.getState().server ?? { local: false, relay: true })).toBe('local');
    // Signed in again: same server and address, a new token → a new client.
    const relinked = server('b', online('http://b:32400'));
    relinked.resource = { accessToken: 'b-new-token' } as HomeServer['resource'];
    store.getState().choose([relinked], identity);
    expect(store.getState().server?.api).not.toBe(first);
    expect(made).toEqual(['http://b:32400 b-token', 'http://b:32400 b-new-token']);
    store.getState().choose([], identity);
    expect(store.getState().server).toBeNull();
  });
});

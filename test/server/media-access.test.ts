import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexHub, PlexMetadata } from '../../src/protocol/plex-media';
import { startMediaServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { getWithToken, signInToken } from './helpers';

// Tokens on the library routes, and watch state: one library for everyone, each account its own progress.

const LIBRARY_PATHS = [
  '/library/sections',
  '/library/sections/1/all',
  '/library/sections/1/refresh',
  '/hubs',
  '/hubs/search?query=a',
  '/hubs/continueWatching/items',
  '/library/onDeck',
  '/library/recentlyAdded',
  '/library/metadata/1',
  '/library/metadata/1/children',
  '/library/metadata/1/allLeaves',
  '/library/metadata/1/thumb/1',
  '/library/metadata/1/art/1',
  `/photo/:/transcode?url=${encodeURIComponent('/library/metadata/1/thumb/1')}&width=50&height=50`,
];

async function accountId(url: string, token: string): Promise<number> {
  return (await (await getWithToken(url, '/api/v2/user', token)).json()).id;
}

describe('media library access and watch state', () => {
  let media: MediaFixture;
  let server: TestServer;
  let admin: string;
  let bob: string;

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Alpha (2001)/Alpha (2001).mp4');
    await media.add('Movies/Bravo (2002)/Bravo (2002).mp4');
    await media.add('Movies/Charlie (2003)/Charlie (2003).mp4');
    await media.add('TV Shows/Show/Season 01/Show - S01E01 - One.mp4');
    await media.add('TV Shows/Show/Season 01/Show - S01E02 - Two.mp4');
    server = await startMediaServer(media.dir);
    admin = await signInToken(server.url, 'admin', TEST_ADMIN_PASSWORD);
    await new LinkBrowser(server.url).signUp('bob', 'bob-password');
    bob = await signInToken(server.url, 'bob', 'bob-password');
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('every library route answers 401 without a token or with a wrong one', async () => {
    for (const path of LIBRARY_PATHS) {
      const none = await fetch(`${server.url}${path}`, { headers: { Accept: 'application/json' } });
      expect(none.status, path).toBe(401);
      expect((await none.json()).errors[0].code).toBe(1001);
      expect((await getWithToken(server.url, path, 'not-a-token')).status, path).toBe(401);
    }
  });

  it('a revoked token gets 401 everywhere', async () => {
    const token = await signInToken(server.url, 'admin', TEST_ADMIN_PASSWORD);
    expect((await getWithToken(server.url, '/library/sections', token)).status).toBe(200);
    const signOut = await fetch(`${server.url}/api/v2/users/signout`, {
      method: 'DELETE',
      headers: { 'X-Plex-Token': token },
    });
    expect(signOut.status).toBe(204);
    for (const path of LIBRARY_PATHS)
      expect((await getWithToken(server.url, path, token)).status, path).toBe(401);
  });

  it('another account browses the same library but sees only its own watch state', async () => {
    const movies = async (token: string) =>
      (await (await getWithToken(server.url, '/library/sections/1/all', token)).json()).MediaContainer
        .Metadata as PlexMetadata[];
    const [alpha, bravo] = await movies(admin);
    const adminId = await accountId(server.url, admin);
    const bobId = await accountId(server.url, bob);
    expect(adminId).not.toBe(bobId);
    const watch = server.server.media.watchState;
    const now = Math.floor(Date.now() / 1000);
    watch.set(adminId, {
      itemId: Number(alpha.ratingKey),
      viewOffsetMs: 750,
      viewCount: 0,
      lastViewedAtMs: (now - 10) * 1000,
    });
    watch.set(adminId, {
      itemId: Number(bravo.ratingKey),
      viewOffsetMs: 0,
      viewCount: 2,
      lastViewedAtMs: (now - 20) * 1000,
    });
    watch.set(bobId, {
      itemId: Number(bravo.ratingKey),
      viewOffsetMs: 500,
      viewCount: 0,
      lastViewedAtMs: now * 1000 + 999,
    });

    const forAdmin = await movies(admin);
    expect(forAdmin.map((m) => [m.title, m.viewOffset, m.viewCount])).toEqual([
      ['Alpha', 750, undefined],
      ['Bravo', undefined, 2],
      ['Charlie', undefined, undefined],
    ]);
    const forBob = await movies(bob);
    expect(forBob.map((m) => [m.title, m.viewOffset, m.viewCount])).toEqual([
      ['Alpha', undefined, undefined],
      ['Bravo', 500, undefined],
      ['Charlie', undefined, undefined],
    ]);
    const detail = (
      await (await getWithToken(server.url, `/library/metadata/${bravo.ratingKey}`, bob)).json()
    ).MediaContainer.Metadata[0];
    expect(detail).toMatchObject({ viewOffset: 500, lastViewedAt: now });
  });

  it('Continue Watching holds this account’s items in progress, most recent first', async () => {
    const adminId = await accountId(server.url, admin);
    const episodes = (
      await (await getWithToken(server.url, '/hubs/search?query=o', admin)).json()
    ).MediaContainer.Hub.find((h: PlexHub) => h.type === 'episode').Metadata as PlexMetadata[];
    const one = episodes.find((e) => e.title === 'One') as PlexMetadata;
    const now = Math.floor(Date.now() / 1000);
    server.server.media.watchState.set(adminId, {
      itemId: Number(one.ratingKey),
      viewOffsetMs: 300,
      viewCount: 0,
      lastViewedAtMs: (now + 5) * 1000,
    });

    const continueHub = async (token: string) =>
      ((await (await getWithToken(server.url, '/hubs', token)).json()).MediaContainer.Hub as PlexHub[]).find(
        (h) => h.hubIdentifier === 'home.continue',
      ) as PlexHub;
    const forAdmin = await continueHub(admin);
    expect(forAdmin.Metadata?.map((m) => [m.title, m.viewOffset])).toEqual([
      ['One', 300],
      ['Alpha', 750],
    ]);
    expect(forAdmin.Metadata?.[0]).toMatchObject({ type: 'episode', grandparentTitle: 'Show' });
    const forBob = await continueHub(bob);
    expect(forBob.Metadata?.map((m) => [m.title, m.viewOffset])).toEqual([['Bravo', 500]]);
    for (const path of ['/hubs/continueWatching/items', '/library/onDeck']) {
      const items = (await (await getWithToken(server.url, path, admin)).json()).MediaContainer.Metadata;
      expect(items.map((m: PlexMetadata) => m.title)).toEqual(['One', 'Alpha']);
    }
  });

  it('counts watched episodes per account on shows and seasons', async () => {
    const bobId = await accountId(server.url, bob);
    const show = (await (await getWithToken(server.url, '/library/sections/2/all', bob)).json())
      .MediaContainer.Metadata[0] as PlexMetadata;
    const leaves = (
      await (await getWithToken(server.url, `/library/metadata/${show.ratingKey}/allLeaves`, bob)).json()
    ).MediaContainer.Metadata as PlexMetadata[];
    server.server.media.watchState.set(bobId, {
      itemId: Number(leaves[1].ratingKey),
      viewOffsetMs: 0,
      viewCount: 1,
      lastViewedAtMs: 1000,
    });
    const after = (await (await getWithToken(server.url, '/library/sections/2/all', bob)).json())
      .MediaContainer.Metadata[0] as PlexMetadata;
    expect(after).toMatchObject({ leafCount: 2, viewedLeafCount: 1 });
    const forAdmin = (await (await getWithToken(server.url, '/library/sections/2/all', admin)).json())
      .MediaContainer.Metadata[0] as PlexMetadata;
    expect(forAdmin).toMatchObject({ leafCount: 2, viewedLeafCount: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexErrorBody } from '../../src/protocol/plex-account';
import type { PlexHub, PlexMetadata } from '../../src/protocol/plex-media';
import { startTestServer, type TestServer } from '../support/home-server';
import { childrenNamed, parseXml } from '../support/plex-xml';
import { withServerDatabase } from '../support/server-database';
import { type SmallLibrary, seedSmallLibrary } from '../support/small-library';
import { getWithToken, linkTv, newTv, RELAXED_LIMITS } from './helpers';

// A section's sub-routes (allLeaves, onDeck, firstCharacter) and the hubs PMS serves besides /hubs
// (docs/protocol.md#filters-and-sorts), over real HTTP against known rows (test/support/small-library.ts).

type Hub = PlexHub & { promoted?: boolean };

interface Container {
  size: number;
  offset?: number;
  totalSize?: number;
  Metadata?: PlexMetadata[];
  Hub?: Hub[];
  Directory?: { key: string; title: string; size: number }[];
}

describe('section sub-routes and hubs', () => {
  let server: TestServer;
  let token: string;
  let library: SmallLibrary;
  const tv = newTv();

  const request = (path: string) => getWithToken(server.url, path, token, tv);
  const get = async (path: string): Promise<Container> => {
    const response = await request(path);
    expect(response.status, path).toBe(200);
    return ((await response.json()) as { MediaContainer: Container }).MediaContainer;
  };
  const titles = (container: Container) => (container.Metadata ?? []).map((m) => m.title);

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    library = withServerDatabase(server, seedSmallLibrary);
    token = (await linkTv(server.url, tv)).token;
    // Aardvark Street: Pilot watched, so Second Wind is next. Charlie Frost in progress.
    const pilot = library.ids.Pilot;
    expect((await request(`/:/scrobble?key=${pilot}&identifier=com.plexapp.plugins.library`)).status).toBe(
      200,
    );
    const charlie = library.ids['Charlie Frost'];
    const timeline = await request(
      `/:/timeline?ratingKey=${charlie}&key=/library/metadata/${charlie}&state=paused&time=600000&duration=6000000`,
    );
    expect(timeline.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('allLeaves lists a section’s episodes in show, season, episode order, paged', async () => {
    const all = await get(`/library/sections/${library.showSection}/allLeaves`);
    expect(titles(all)).toEqual(['Pilot', 'Second Wind', 'Return', 'Stripes', 'Echo Valley']);
    expect(all.Metadata?.every((m) => m.type === 'episode')).toBe(true);
    expect(all.Metadata?.[0]).toMatchObject({
      grandparentTitle: 'Aardvark Street',
      parentIndex: 1,
      index: 1,
    });
    const response = await request(
      `/library/sections/${library.showSection}/allLeaves?X-Plex-Container-Start=2&X-Plex-Container-Size=2`,
    );
    expect(response.headers.get('x-plex-container-total-size')).toBe('5');
    const page = ((await response.json()) as { MediaContainer: Container }).MediaContainer;
    expect(page).toMatchObject({ size: 2, offset: 2, totalSize: 5 });
    expect(titles(page)).toEqual(['Return', 'Stripes']);
    // A movie section's leaves are its movies.
    expect((await get(`/library/sections/${library.movieSection}/allLeaves`)).totalSize).toBe(7);
  });

  it('onDeck: what is in progress and the next episode of a show being watched', async () => {
    expect(titles(await get(`/library/sections/${library.showSection}/onDeck`))).toEqual(['Second Wind']);
    expect(titles(await get(`/library/sections/${library.movieSection}/onDeck`))).toEqual(['Charlie Frost']);
  });

  it('firstCharacter: one Directory per first letter of titleSort with its size, # for the rest', async () => {
    const expected = [
      { key: '#', title: '#', size: 1 },
      { key: 'A', title: 'A', size: 1 },
      { key: 'B', title: 'B', size: 1 },
      { key: 'C', title: 'C', size: 1 },
      { key: 'D', title: 'D', size: 1 }, // The Delta Glow sorts as Delta Glow
      { key: 'E', title: 'E', size: 1 },
      { key: 'É', title: 'É', size: 1 },
    ];
    for (const name of ['firstCharacter', 'firstCharacters', 'firstCharacters?sort=1']) {
      const characters = await get(`/library/sections/${library.movieSection}/${name}`);
      expect(characters.Directory, name).toEqual(expected);
      expect(characters.size).toBe(expected.length);
    }
    // Filters apply: only what matches is counted.
    const filtered = await get(`/library/sections/${library.movieSection}/firstCharacter?year>>=2009`);
    expect(filtered.Directory).toEqual([
      { key: '#', title: '#', size: 1 },
      { key: 'C', title: 'C', size: 1 },
      { key: 'E', title: 'E', size: 1 },
    ]);
    expect((await get(`/library/sections/${library.showSection}/firstCharacter?type=4`)).Directory).toEqual([
      { key: 'E', title: 'E', size: 1 },
      { key: 'P', title: 'P', size: 1 },
      { key: 'R', title: 'R', size: 1 },
      { key: 'S', title: 'S', size: 2 },
    ]);
  });

  it('/hubs/continueWatching is PMS’s hub form: one Hub with the items', async () => {
    const body = await get('/hubs/continueWatching');
    expect(body.size).toBe(1);
    const [hub] = body.Hub ?? [];
    expect(hub).toMatchObject({
      hubIdentifier: 'home.continue',
      key: '/hubs/home/continueWatching',
      title: 'Continue Watching',
      type: 'mixed',
      promoted: true,
      size: 2,
      more: false,
    });
    expect(titles(hub as Container).sort()).toEqual(['Charlie Frost', 'Second Wind']);
    expect((await get('/hubs/continueWatching?count=1')).Hub?.[0]).toMatchObject({ size: 1, more: true });
  });

  it('/hubs/home/continueWatching, /hubs/home/onDeck and a section’s continueWatching/items list the items', async () => {
    // /hubs/continueWatching/items and /library/onDeck (the older name) are the same On Deck list, with the
    // next episode of a show being watched beside what is in progress.
    for (const path of [
      '/hubs/home/continueWatching',
      '/hubs/home/onDeck',
      '/hubs/continueWatching/items',
      '/library/onDeck',
    ]) {
      const list = await get(path);
      expect(list, path).toMatchObject({ size: 2, offset: 0, totalSize: 2 });
      expect(titles(list).sort(), path).toEqual(['Charlie Frost', 'Second Wind']);
    }
    const inSection = await get(`/hubs/sections/${library.showSection}/continueWatching/items`);
    expect(titles(inSection)).toEqual(['Second Wind']);
    // The home hubs' Continue Watching (what the TV's first row reads) holds the list its key points to.
    const home = (await get('/hubs')).Hub?.find((hub) => hub.hubIdentifier === 'home.continue');
    expect(home?.key).toBe('/hubs/continueWatching/items');
    expect(titles(home as Container).sort()).toEqual(['Charlie Frost', 'Second Wind']);
  });

  it('/hubs/home/recentlyAdded: newest first by type and section, paged', async () => {
    const movies = await get(`/hubs/home/recentlyAdded?type=1&sectionID=${library.movieSection}`);
    expect(movies).toMatchObject({ offset: 0, totalSize: 7 });
    expect(titles(movies).slice(0, 3)).toEqual(['Émile', '5 Fingers', 'Echo Harbour']);
    // type=2 ("Recently Added TV") lists episodes, as PMS's hub does.
    const tvPage = await get(
      '/hubs/home/recentlyAdded?type=2&X-Plex-Container-Start=1&X-Plex-Container-Size=2',
    );
    expect(tvPage).toMatchObject({ size: 2, offset: 1, totalSize: 5 });
    expect(titles(tvPage)).toEqual(['Stripes', 'Return']);
    const mixed = await get('/hubs/home/recentlyAdded?X-Plex-Container-Size=3');
    expect(mixed.totalSize).toBe(12);
    expect(titles(mixed)).toEqual(['Émile', 'Echo Valley', 'Stripes']);
  });

  it('/hubs/promoted: Continue Watching and the newest movies and TV, with keys that list them', async () => {
    const hubs = (await get('/hubs/promoted?count=2')).Hub ?? [];
    expect(hubs.map((hub) => [hub.hubIdentifier, hub.key, hub.size, hub.more])).toEqual([
      ['home.continue', '/hubs/home/continueWatching', 2, false],
      ['home.movies.recent', '/hubs/home/recentlyAdded?type=1', 2, true],
      ['home.television.recent', '/hubs/home/recentlyAdded?type=2', 2, true],
    ]);
    expect(titles(hubs[1] as Container)).toEqual(['Émile', '5 Fingers']);
    expect(titles(hubs[2] as Container)).toEqual(['Echo Valley', 'Stripes']);
  });

  it('/hubs/sections/{id}: the section’s Continue Watching and Recently Added', async () => {
    const body = await get(`/hubs/sections/${library.showSection}`);
    expect(body).toMatchObject({ librarySectionID: library.showSection });
    const hubs = body.Hub ?? [];
    expect(hubs.map((hub) => hub.hubIdentifier)).toEqual(['tv.inprogress', 'tv.recentlyadded']);
    expect(titles(hubs[0] as Container)).toEqual(['Second Wind']);
    expect(hubs[1].key).toBe(`/hubs/home/recentlyAdded?type=2&sectionID=${library.showSection}`);
    expect(titles(hubs[1] as Container)).toEqual([
      'Echo Valley',
      'Stripes',
      'Return',
      'Second Wind',
      'Pilot',
    ]);
    const movieHubs = (await get(`/hubs/sections/${library.movieSection}?count=1`)).Hub ?? [];
    expect(movieHubs.map((hub) => [hub.hubIdentifier, hub.size])).toEqual([
      ['movie.inprogress', 1],
      ['movie.recentlyadded', 1],
    ]);
  });

  it('answers XML to a client that sends no Accept, as PMS does', async () => {
    const xml = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: { 'X-Plex-Token': token } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/xml/);
      return parseXml(await response.text());
    };
    const hubs = await xml('/hubs/promoted');
    expect(childrenNamed(hubs, 'Hub').map((hub) => hub.attributes.hubIdentifier)).toEqual([
      'home.continue',
      'home.movies.recent',
      'home.television.recent',
    ]);
    const characters = await xml(`/library/sections/${library.movieSection}/firstCharacter`);
    expect(childrenNamed(characters, 'Directory')[0].attributes).toMatchObject({ key: '#', size: '1' });
    const leaves = await xml(`/library/sections/${library.showSection}/allLeaves?unwatched=1&sort=titleSort`);
    expect(childrenNamed(leaves, 'Video').map((video) => video.attributes.title)).toEqual([
      'Echo Valley',
      'Return',
      'Second Wind',
      'Stripes',
    ]);
  });

  it('a malformed id or query is a 400 in Plex’s error shape; an unknown section stays 404', async () => {
    const bad = [
      '/library/sections/abc/allLeaves',
      '/library/sections/1x/onDeck',
      '/library/sections/abc/firstCharacter',
      '/hubs/sections/abc',
      '/hubs/promoted?count=0',
      '/hubs/continueWatching?count=many',
      '/hubs/home/recentlyAdded?type=9',
      '/hubs/home/recentlyAdded?sectionID=x',
      `/library/sections/${library.movieSection}/allLeaves?studio=Drama`,
    ];
    for (const path of bad) {
      const response = await request(path);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as PlexErrorBody;
      expect(body.errors?.[0], path).toMatchObject({ status: 400 });
    }
    for (const path of [
      '/library/sections/999/allLeaves',
      '/library/sections/999/onDeck',
      '/library/sections/999/firstCharacter',
      '/hubs/sections/999',
      '/hubs/home/recentlyAdded?sectionID=999',
    ]) {
      expect((await request(path)).status, path).toBe(404);
    }
  });
});

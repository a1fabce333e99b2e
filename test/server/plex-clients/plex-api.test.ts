import PlexAPI from 'plex-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientLibrary, MOVIE_NFOS, MOVIES, SHOW, startClientLibrary } from './client-library';

// plex-api (node-plex-api) against the home server, the way its README uses it: query(uri) for a parsed
// answer, find(uri, criteria) for a container's children, perform(uri) for an action. It sends
// `Accept: application/json` and parses JSON only when Content-Type is exactly `application/json` (as PMS sends
// it); anything else with no "xml" in it comes back as raw bytes. It has no stream-URL builder: a client builds
// `{Part.key}?X-Plex-Token=` itself. With a token and no username it never asks plex.tv for one, and it has
// no GDM discovery; `proxy: false` keeps `request` from any proxy set in the environment, so every request
// goes to 127.0.0.1.

describe('plex-api against the home server', () => {
  let library: ClientLibrary;
  let client: PlexAPI;

  beforeAll(async () => {
    library = await startClientLibrary();
    client = new PlexAPI({
      hostname: '127.0.0.1',
      port: library.port,
      https: false,
      token: library.token,
      timeout: 20_000,
      requestOptions: { proxy: false },
      options: {
        identifier: library.tv.clientIdentifier,
        product: 'plex-api test',
        version: '1.0',
        deviceName: 'Test runner',
        platform: 'Node.js',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await library?.close();
  });

  const sectionKey = async (type: 'movie' | 'show'): Promise<string> => {
    const [section] = await client.find('/library/sections', { type: `^${type}$` });
    expect(section, `a ${type} section`).toBeDefined();
    return String(section.key);
  };

  const movieByTitle = async (title: string) => {
    const key = await sectionKey('movie');
    const all = await client.query(`/library/sections/${key}/all`);
    const movie = all.MediaContainer.Metadata.find((item: { title: string }) => item.title === title);
    expect(movie, title).toBeDefined();
    return movie;
  };

  it('connects: GET / answers JSON with the server identity and capabilities', async () => {
    const root = await client.query('/');
    expect(Buffer.isBuffer(root), 'answer parsed as JSON, not raw bytes').toBe(false);
    expect(root.MediaContainer.friendlyName).toMatch(/^Marquee Home Server/);
    expect(root.MediaContainer.machineIdentifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof root.MediaContainer.version).toBe('string');
  });

  it('lists sections and finds the movie section by type', async () => {
    const sections = await client.query('/library/sections');
    const types = sections.MediaContainer.Directory.map((d: { type: string }) => d.type).sort();
    expect(types).toEqual(['movie', 'show']);
    const [movies] = await client.find('/library/sections', { type: '^movie$' });
    expect(movies.title).toBe('Movies');
  });

  it("a section's items with a filter and a sort: genre=Comedy; year=2010, titleSort descending", async () => {
    const key = await sectionKey('movie');
    const all = await client.query(`/library/sections/${key}/all`);
    expect(all.MediaContainer.totalSize).toBe(MOVIES.length);
    const comedies = await client.query(`/library/sections/${key}/all?genre=Comedy`);
    expect(comedies.MediaContainer.Metadata.map((item: { title: string }) => item.title)).toEqual([
      'Copper Sky',
    ]);
    const filtered = await client.query(`/library/sections/${key}/all?year=2010&sort=titleSort:desc`);
    expect(filtered.MediaContainer.Metadata.map((item: { title: string }) => item.title)).toEqual([
      'Copper Sky',
      'Blue Harbour',
    ]);
  });

  it("a movie's and an episode's metadata, and a show's children", async () => {
    const listed = await movieByTitle('Blue Harbour');
    const detail = await client.query(`/library/metadata/${listed.ratingKey}`);
    const movie = detail.MediaContainer.Metadata[0];
    expect(movie).toMatchObject({
      ratingKey: listed.ratingKey,
      type: 'movie',
      title: 'Blue Harbour',
      year: 2010,
    });
    expect(movie.Media[0].Part[0].Stream.map((s: { streamType: number }) => s.streamType)).toEqual([1, 2]);
    // Genre and Role from the movie's .nfo (client-library.ts).
    expect(movie.Genre.map((genre: { tag: string }) => genre.tag)).toEqual(MOVIE_NFOS['Blue Harbour'].genres);
    expect(movie.Role).toEqual([expect.objectContaining({ tag: 'Ada Stone', role: 'Harbour Master' })]);

    const showsKey = await sectionKey('show');
    const [show] = (await client.query(`/library/sections/${showsKey}/all`)).MediaContainer.Metadata;
    expect(show).toMatchObject({ title: SHOW.title, leafCount: 3, childCount: 2 });
    const seasons = await client.query(`/library/metadata/${show.ratingKey}/children?excludeAllLeaves=1`);
    expect(seasons.MediaContainer.Metadata.map((s: { index: number }) => s.index)).toEqual([1, 2]);
    const episodes = await client.query(`${seasons.MediaContainer.Metadata[0].key}`);
    expect(episodes.MediaContainer.Metadata.map((e: { title: string }) => e.title)).toEqual([
      'First Shift',
      'Second Shift',
    ]);
    const second = episodes.MediaContainer.Metadata[1];
    const episode = (await client.query(`/library/metadata/${second.ratingKey}`)).MediaContainer.Metadata[0];
    expect(episode).toMatchObject({
      type: 'episode',
      title: 'Second Shift',
      index: 2,
      parentIndex: 1,
      grandparentTitle: SHOW.title,
      grandparentRatingKey: show.ratingKey,
    });
  });

  it('searches and reads the home hubs', async () => {
    const search = await client.query('/hubs/search?query=harbour&limit=5');
    const found = search.MediaContainer.Hub.flatMap((hub: { Metadata?: { title: string }[] }) =>
      (hub.Metadata ?? []).map((item) => item.title),
    );
    expect(found).toEqual(['Blue Harbour']);
    const hubs = await client.query('/hubs');
    const recent = hubs.MediaContainer.Hub.find(
      (hub: { hubIdentifier: string }) => hub.hubIdentifier === 'home.recentlyAdded',
    );
    expect(recent.Metadata.length).toBe(MOVIES.length + SHOW.episodes.length);
  });

  it('a stream URL built from Part.key serves the file; a decision says direct play', async () => {
    const listed = await movieByTitle('Copper Sky');
    const partKey: string = listed.Media[0].Part[0].key;
    const bytes = await fetch(`http://127.0.0.1:${library.port}${partKey}?X-Plex-Token=${library.token}`, {
      headers: { Range: 'bytes=0-1023' },
    });
    expect(bytes.status).toBe(206);
    expect((await bytes.arrayBuffer()).byteLength).toBe(1024);

    const decision = await client.query(
      `/video/:/transcode/universal/decision?path=${encodeURIComponent(`/library/metadata/${listed.ratingKey}`)}` +
        '&mediaIndex=0&partIndex=0&protocol=hls&directPlay=1&directStream=1&session=plex-api-session',
    );
    expect(decision.MediaContainer.generalDecisionCode).toBe(1000);
    const item = decision.MediaContainer.Metadata[0];
    expect(item).toMatchObject({ type: 'movie', title: 'Copper Sky' });
    expect(item.Media[0].Part[0].decision).toBe('directplay');
  });

  it('timeline sets viewOffset; scrobble marks watched', async () => {
    const listed = await movieByTitle('The Distant Shore');
    const key = `/library/metadata/${listed.ratingKey}`;
    await client.query(
      `/:/timeline?ratingKey=${listed.ratingKey}&key=${encodeURIComponent(key)}&state=paused&time=800&duration=2000`,
    );
    const paused = (await client.query(key)).MediaContainer.Metadata[0];
    expect(paused.viewOffset).toBe(800);

    await client.query(`/:/scrobble?key=${listed.ratingKey}&identifier=com.plexapp.plugins.library`);
    const watched = (await client.query(key)).MediaContainer.Metadata[0];
    expect(watched.viewCount).toBe(1);
    expect(watched).not.toHaveProperty('viewOffset');
  });
});

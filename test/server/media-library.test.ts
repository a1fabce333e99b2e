import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexHub, PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { getWithToken, linkTv } from './helpers';

// A real server over real HTTP on a media dir of tiny generated clips: what the scan builds and how the
// library routes answer (docs/protocol.md#library-browsing).

const ODD_FOLDER = `Zoë's "Café" #1 100% 🎬 (2020)`;

describe('media library', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;

  const get = async <T = { MediaContainer: Record<string, unknown> }>(path: string) => {
    const response = await getWithToken(server.url, path, token);
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    return (await response.json()) as T;
  };
  const metadataOf = async (path: string) =>
    (await get<{ MediaContainer: { Metadata: PlexMetadata[] } }>(path)).MediaContainer.Metadata;
  const sectionKey = async (type: string) => {
    const body = await get<{ MediaContainer: { Directory: PlexSection[] } }>('/library/sections');
    return (body.MediaContainer.Directory.find((d) => d.type === type) as PlexSection).key;
  };

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Big Lake (2019)/Big Lake (2019).mp4', 'mp4-2s');
    await media.addText(
      'Movies/Big Lake (2019)/Big Lake (2019).nfo',
      '<movie><title>Big Lake</title><year>2019</year><plot>A summer &amp; a lake.</plot></movie>',
    );
    await media.add('Movies/The Quiet Harbour (2016).mp4');
    await media.add('Movies/Copper Sky (2021)/Copper Sky (2021).mkv', 'mkv-ac3-1s');
    await media.add('Movies/An Orchard (2014)/An Orchard (2014).mp4');
    await media.add(`Movies/${ODD_FOLDER}/${ODD_FOLDER}.mp4`);
    await media.addCorrupt('Movies/Broken (2000)/Broken (2000).mp4');
    await media.add('Movies/notes.txt.mp4.txt');
    await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E02 - Fog Bank.mp4');
    await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E01 - First Light.mp4', 'mp4-2s');
    await media.add('TV Shows/Lighthouse/Season 02/Lighthouse - S02E01 - New Lenses.mp4');
    await media.add('TV Shows/Lighthouse/Specials/Lighthouse - S00E01 - Behind the Scenes.mp4');
    await media.add('TV Shows/Loose Show S01E03 Far Away.mp4');
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('lists the sections in the Plex shape', async () => {
    const body = await get<{ MediaContainer: { size: number; Directory: PlexSection[] } }>(
      '/library/sections',
    );
    expect(body.MediaContainer.size).toBe(2);
    const [movies, shows] = body.MediaContainer.Directory;
    expect(movies).toMatchObject({
      type: 'movie',
      title: 'Movies',
      scanner: 'Plex Movie',
      refreshing: false,
    });
    expect(shows).toMatchObject({ type: 'show', title: 'TV Shows', scanner: 'Plex TV Series' });
    for (const section of [movies, shows]) {
      expect(section.key).toMatch(/^\d+$/);
      expect(typeof section.agent).toBe('string');
      expect(typeof section.language).toBe('string');
      expect(section.uuid).toMatch(/^[0-9a-f-]{36}$/);
      for (const time of [section.updatedAt, section.createdAt, section.scannedAt])
        expect(time).toBeGreaterThan(1e9);
      expect(typeof section.thumb).toBe('string');
      expect(typeof section.art).toBe('string');
      expect(section.Location).toEqual([{ id: expect.any(Number), path: expect.any(String) }]);
    }
  });

  it('scans movies: titles and years from names and .nfo, durations and codecs from ffprobe', async () => {
    const movies = await metadataOf(`/library/sections/${await sectionKey('movie')}/all`);
    expect(movies.map((m) => m.title)).toEqual([
      'Big Lake',
      'Copper Sky',
      'An Orchard',
      'The Quiet Harbour',
      'Zoë\'s "Café" #1 100% 🎬',
    ]);
    expect(movies.map((m) => m.titleSort)).toEqual([
      'Big Lake',
      'Copper Sky',
      'Orchard',
      'Quiet Harbour',
      'Zoë\'s "Café" #1 100% 🎬',
    ]);
    expect(movies.map((m) => m.year)).toEqual([2019, 2021, 2014, 2016, 2020]);
    const [bigLake, copperSky] = movies;
    expect(bigLake.summary).toBe('A summer & a lake.');
    expect(Number(bigLake.duration)).toBeGreaterThan(1900);
    expect(Number(bigLake.duration)).toBeLessThan(2200);
    expect(bigLake.Media?.[0]).toMatchObject({
      container: 'mp4',
      videoCodec: 'h264',
      audioCodec: 'aac',
      width: 160,
      height: 90,
    });
    expect(copperSky.Media?.[0]).toMatchObject({ container: 'mkv', videoCodec: 'h264', audioCodec: 'ac3' });
    const part = copperSky.Media?.[0].Part[0];
    expect(part?.key).toMatch(/^\/library\/parts\/\d+\/\d+\/file\.mkv$/);
    expect(part?.file).toBe(join(media.dir, 'Movies/Copper Sky (2021)/Copper Sky (2021).mkv'));
    expect(part?.size).toBeGreaterThan(0);
  });

  it('finds parts and media for playback by the ids the metadata advertises', async () => {
    const [, copperSky] = await metadataOf(`/library/sections/${await sectionKey('movie')}/all`);
    const part = copperSky.Media?.[0].Part[0];
    const found = server.server.media.findMedia(Number(copperSky.ratingKey));
    expect(found).toMatchObject({
      partId: part?.id,
      partKey: part?.key,
      relativePath: 'Movies/Copper Sky (2021)/Copper Sky (2021).mkv',
      container: 'mkv',
      mediaRoot: media.dir,
      videoCodec: 'h264',
      audioCodec: 'ac3',
      width: 160,
      height: 90,
    });
    expect(server.server.media.findPart(Number(part?.id))).toEqual({
      relativePath: 'Movies/Copper Sky (2021)/Copper Sky (2021).mkv',
      container: 'mkv',
      mediaRoot: media.dir,
    });
    expect(server.server.media.findPart(999_999)).toBeNull();
    const [show] = await metadataOf(`/library/sections/${await sectionKey('show')}/all`);
    expect(server.server.media.findMedia(Number(show.ratingKey))).toBeNull();
  });

  it('skips a corrupt file, logs it, and scans the rest', () => {
    expect(
      server.logLines.some((line) => line.includes('skipping Movies/Broken (2000)/Broken (2000).mp4')),
    ).toBe(true);
  });

  it('scans shows, seasons (Specials = 0) and episodes, liberal about names', async () => {
    const shows = await metadataOf(`/library/sections/${await sectionKey('show')}/all`);
    expect(shows.map((s) => s.title)).toEqual(['Lighthouse', 'Loose Show']);
    const [lighthouse, loose] = shows;
    expect(lighthouse).toMatchObject({ type: 'show', leafCount: 4, viewedLeafCount: 0, childCount: 3 });
    expect(lighthouse.key).toBe(`/library/metadata/${lighthouse.ratingKey}/children`);
    expect(loose).toMatchObject({ leafCount: 1, childCount: 1 });

    const seasons = await metadataOf(`/library/metadata/${lighthouse.ratingKey}/children?excludeAllLeaves=1`);
    expect(seasons.map((s) => [s.title, s.index, s.leafCount])).toEqual([
      ['Specials', 0, 1],
      ['Season 1', 1, 2],
      ['Season 2', 2, 1],
    ]);
    expect(seasons[1]).toMatchObject({
      type: 'season',
      parentRatingKey: lighthouse.ratingKey,
      parentTitle: 'Lighthouse',
    });

    const episodes = await metadataOf(`/library/metadata/${seasons[1].ratingKey}/children`);
    expect(episodes.map((e) => [e.title, e.index, e.parentIndex])).toEqual([
      ['First Light', 1, 1],
      ['Fog Bank', 2, 1],
    ]);
    expect(episodes[0]).toMatchObject({
      type: 'episode',
      parentRatingKey: seasons[1].ratingKey,
      grandparentRatingKey: lighthouse.ratingKey,
      grandparentTitle: 'Lighthouse',
      parentTitle: 'Season 1',
      grandparentKey: `/library/metadata/${lighthouse.ratingKey}`,
    });
    expect(Number(episodes[0].duration)).toBeGreaterThan(1900);

    const leaves = await metadataOf(`/library/metadata/${lighthouse.ratingKey}/allLeaves`);
    expect(leaves.map((e) => e.title)).toEqual([
      'Behind the Scenes',
      'First Light',
      'Fog Bank',
      'New Lenses',
    ]);
  });

  it('answers /children of a show with the "All episodes" Directory unless excludeAllLeaves=1', async () => {
    const [show] = await metadataOf(`/library/sections/${await sectionKey('show')}/all`);
    const body = await get<{ MediaContainer: Record<string, unknown> }>(
      `/library/metadata/${show.ratingKey}/children`,
    );
    expect(body.MediaContainer.Directory).toEqual([
      {
        leafCount: 4,
        thumb: show.thumb,
        viewedLeafCount: 0,
        key: `/library/metadata/${show.ratingKey}/allLeaves`,
        title: 'All episodes',
      },
    ]);
    expect(body.MediaContainer).toMatchObject({ size: 3, viewGroup: 'season', parentTitle: 'Lighthouse' });
  });

  it('pages by X-Plex-Container-Start/Size as headers or query, with totals in body and headers', async () => {
    const key = await sectionKey('movie');
    const byQuery = await getWithToken(
      server.url,
      `/library/sections/${key}/all?X-Plex-Container-Start=1&X-Plex-Container-Size=2`,
      token,
    );
    expect(byQuery.headers.get('x-plex-container-start')).toBe('1');
    expect(byQuery.headers.get('x-plex-container-total-size')).toBe('5');
    const queryBody = (await byQuery.json()).MediaContainer;
    expect(queryBody).toMatchObject({ size: 2, offset: 1, totalSize: 5 });
    expect(queryBody.Metadata.map((m: PlexMetadata) => m.title)).toEqual(['Copper Sky', 'An Orchard']);

    const byHeader = await fetch(`${server.url}/library/sections/${key}/all`, {
      headers: {
        Accept: 'application/json',
        'X-Plex-Token': token,
        'X-Plex-Container-Start': '4',
        'X-Plex-Container-Size': '10',
      },
    });
    const headerBody = (await byHeader.json()).MediaContainer;
    expect(headerBody).toMatchObject({ size: 1, offset: 4, totalSize: 5 });

    const totalOnly = (await get(`/library/sections/${key}/all?X-Plex-Container-Size=0`)).MediaContainer;
    expect(totalOnly).toMatchObject({ size: 0, totalSize: 5 });
    const beyond = (
      await get(`/library/sections/${key}/all?X-Plex-Container-Start=99&X-Plex-Container-Size=10`)
    ).MediaContainer;
    expect(beyond).toMatchObject({ size: 0, offset: 99, totalSize: 5 });
  });

  it('sorts by titleSort, year and addedAt, either way', async () => {
    const key = await sectionKey('movie');
    const titles = async (sort: string) =>
      (await metadataOf(`/library/sections/${key}/all?sort=${sort}`)).map((m) => m.title);
    expect(await titles('titleSort:desc')).toEqual([
      'Zoë\'s "Café" #1 100% 🎬',
      'The Quiet Harbour',
      'An Orchard',
      'Copper Sky',
      'Big Lake',
    ]);
    const years = async (sort: string) =>
      (await metadataOf(`/library/sections/${key}/all?sort=${sort}`)).map((m) => m.year);
    expect(await years('year')).toEqual([2014, 2016, 2019, 2020, 2021]);
    expect(await years('year:desc')).toEqual([2021, 2020, 2019, 2016, 2014]);
    const added = (await metadataOf(`/library/sections/${key}/all?sort=addedAt:desc`)).map((m) =>
      Number(m.addedAt),
    );
    expect([...added].sort((a, b) => b - a)).toEqual(added);
    const bad = await getWithToken(server.url, `/library/sections/${key}/all?sort=rating`, token);
    expect(bad.status).toBe(400);
  });

  it('handles unicode and odd names: listing, search, detail', async () => {
    const hubs = (
      await get<{ MediaContainer: { Hub: PlexHub[] } }>(
        `/hubs/search?query=${encodeURIComponent('ZOË')}&limit=5`,
      )
    ).MediaContainer.Hub;
    const movieHub = hubs.find((h) => h.type === 'movie') as PlexHub;
    expect(movieHub.Metadata?.map((m) => m.title)).toEqual(['Zoë\'s "Café" #1 100% 🎬']);
    const id = movieHub.Metadata?.[0].ratingKey as string;
    const [detail] = await metadataOf(`/library/metadata/${id}`);
    expect(detail.Media?.[0].Part[0].file).toBe(join(media.dir, `Movies/${ODD_FOLDER}/${ODD_FOLDER}.mp4`));
  });

  it('searches titles case-insensitively, one hub per type', async () => {
    const body = await get<{ MediaContainer: { Hub: PlexHub[] } }>('/hubs/search?query=LIGHT&limit=10');
    const byType = Object.fromEntries(
      body.MediaContainer.Hub.map((h) => [h.type, h.Metadata?.map((m) => m.title)]),
    );
    expect(byType).toEqual({ movie: [], show: ['Lighthouse'], episode: ['First Light'] });
    const limited = await get<{ MediaContainer: { Hub: PlexHub[] } }>('/hubs/search?query=e&limit=1');
    const episodes = limited.MediaContainer.Hub.find((h) => h.type === 'episode') as PlexHub;
    expect(episodes).toMatchObject({ size: 1, more: true, style: 'shelf' });
  });

  it('answers 404 in the Plex error shape for unknown ids and sections, 400 for a malformed id', async () => {
    for (const path of [
      '/library/metadata/999999',
      '/library/metadata/999999/children',
      '/library/metadata/999999/allLeaves',
      '/library/metadata/999999/thumb/1',
      '/library/sections/999/all',
    ]) {
      const response = await getWithToken(server.url, path, token);
      expect(response.status, path).toBe(404);
      expect((await response.json()).errors[0]).toMatchObject({ status: 404 });
    }
    const malformed = await getWithToken(server.url, '/library/metadata/abc', token);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors[0]).toMatchObject({
      status: 400,
      message: 'The item id is not valid.',
    });
  });

  it('item detail carries Media, Part and Stream in the recorded PMS shape', async () => {
    const [bigLake] = await metadataOf(`/library/sections/${await sectionKey('movie')}/all`);
    const body = await get<{ MediaContainer: Record<string, unknown> & { Metadata: PlexMetadata[] } }>(
      `/library/metadata/${bigLake.ratingKey}`,
    );
    expect(body.MediaContainer).toMatchObject({
      size: 1,
      librarySectionTitle: 'Movies',
      identifier: 'com.plexapp.plugins.library',
    });
    const [movie] = body.MediaContainer.Metadata;
    expectMetadataShape(movie);
    expect(movie).toMatchObject({
      ratingKey: bigLake.ratingKey,
      key: `/library/metadata/${bigLake.ratingKey}`,
      type: 'movie',
      librarySectionTitle: 'Movies',
      librarySectionKey: expect.stringMatching(/^\/library\/sections\/\d+$/),
    });
    const media = movie.Media?.[0];
    expect(media).toMatchObject({
      id: expect.any(Number),
      duration: expect.any(Number),
      bitrate: expect.any(Number),
      width: 160,
      height: 90,
      aspectRatio: 1.78,
      audioChannels: 2,
      audioCodec: 'aac',
      videoCodec: 'h264',
      videoResolution: 'sd',
      container: 'mp4',
      videoFrameRate: expect.any(String),
    });
    const part = media?.Part[0];
    expect(part).toMatchObject({
      id: expect.any(Number),
      key: expect.any(String),
      duration: expect.any(Number),
      size: expect.any(Number),
      container: 'mp4',
    });
    const streams = part?.Stream ?? [];
    expect(streams.map((s) => [s.streamType, s.codec])).toEqual([
      [1, 'h264'],
      [2, 'aac'],
    ]);
    expect(streams[0]).toMatchObject({
      id: expect.any(Number),
      index: 0,
      width: 160,
      height: 90,
      displayTitle: 'SD (H.264)',
    });
    expect(streams[1]).toMatchObject({
      channels: 2,
      samplingRate: 48000,
      selected: true,
      displayTitle: expect.stringContaining('AAC'),
    });
  });

  it('episode detail carries parent and grandparent fields', async () => {
    const hubs = (await get<{ MediaContainer: { Hub: PlexHub[] } }>('/hubs/search?query=fog')).MediaContainer
      .Hub;
    const id = (hubs.find((h) => h.type === 'episode') as PlexHub).Metadata?.[0].ratingKey;
    const [episode] = await metadataOf(`/library/metadata/${id}`);
    expectMetadataShape(episode);
    for (const field of [
      'parentRatingKey',
      'grandparentRatingKey',
      'parentKey',
      'grandparentKey',
      'parentTitle',
      'grandparentTitle',
      'parentThumb',
      'grandparentThumb',
      'grandparentArt',
    ] as const) {
      expect(typeof episode[field], field).toBe('string');
    }
    expect(episode).toMatchObject({ index: 2, parentIndex: 1, title: 'Fog Bank' });
  });

  it('serves item images at the thumb and art paths it advertises', async () => {
    const [movie] = await metadataOf(`/library/sections/${await sectionKey('movie')}/all`);
    for (const path of [movie.thumb, movie.art]) {
      const response = await getWithToken(server.url, path as string, token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    }
  });

  it('hubs: Continue Watching (empty), Recently Added, and one per section', async () => {
    const hubs = (await get<{ MediaContainer: { Hub: PlexHub[] } }>('/hubs')).MediaContainer.Hub;
    expect(hubs.map((h) => h.hubIdentifier)).toEqual([
      'home.continue',
      'home.recentlyAdded',
      expect.stringMatching(/^section\.\d+$/),
      expect.stringMatching(/^section\.\d+$/),
    ]);
    for (const hub of hubs) {
      expect(hub).toMatchObject({
        title: expect.any(String),
        type: expect.any(String),
        key: expect.any(String),
        style: 'shelf',
      });
      expect(hub.size).toBe(hub.Metadata?.length);
      expect(typeof hub.more).toBe('boolean');
    }
    expect(hubs[0].size).toBe(0);
    const recent = hubs[1].Metadata ?? [];
    expect(recent.length).toBe(10);
    expect(new Set(recent.map((m) => m.type))).toEqual(new Set(['movie', 'episode']));
    expect(hubs[2].Metadata?.every((m) => m.type === 'movie')).toBe(true);
    expect(hubs[3].Metadata?.every((m) => m.type === 'episode')).toBe(true);
  });
});

/**
 * Field names and types of a PMS Metadata element (docs/protocol.md#library-browsing): ids as strings, times
 * as numbers.
 */
function expectMetadataShape(metadata: PlexMetadata): void {
  expect(metadata.ratingKey).toMatch(/^\d+$/);
  for (const field of ['key', 'type', 'title', 'titleSort', 'summary', 'thumb', 'art'] as const) {
    expect(typeof metadata[field], field).toBe('string');
  }
  for (const field of ['addedAt', 'updatedAt', 'librarySectionID'] as const) {
    expect(typeof metadata[field], field).toBe('number');
  }
  expect(metadata.thumb).toBe(`/library/metadata/${metadata.ratingKey}/thumb/${metadata.updatedAt}`);
  expect(metadata.art).toBe(`/library/metadata/${metadata.ratingKey}/art/${metadata.updatedAt}`);
  if (metadata.type === 'movie' || metadata.type === 'episode') {
    expect(typeof metadata.duration).toBe('number');
    expect(Array.isArray(metadata.Media)).toBe(true);
    for (const media of metadata.Media ?? []) {
      expect(Array.isArray(media.Part)).toBe(true);
      for (const part of media.Part) {
        expect(part.key).toBe(`/library/parts/${part.id}/${part.key.split('/')[4]}/file.${part.container}`);
      }
    }
  }
}

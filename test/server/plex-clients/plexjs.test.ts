import { PlexAPI } from '@lukehagar/plexjs';
import { HTTPClient } from '@lukehagar/plexjs/lib/http.js';
import { ReportState } from '@lukehagar/plexjs/sdk/models/operations/report.js';
import { Accepts, BoolInt, TranscodeType } from '@lukehagar/plexjs/sdk/models/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientLibrary, MOVIE_NFOS, MOVIES, SHOW, startClientLibrary } from './client-library';

// @lukehagar/plexjs (generated from Plex's OpenAPI spec) against the home server, through its typed
// operations. Every answer is parsed by the SDK's schemas, so a shape the spec does not allow fails the call.
// Its section listing (content.listContent) has no filter or sort of its own (its MediaQuery is an empty
// object in 0.43.0), so the filter and sort go in with the SDK's documented request hook. Its HTTPClient's
// fetcher refuses any host but 127.0.0.1: nothing leaves the machine.

/** Search parameters the next listContent call adds (the SDK cannot express filters; see above). */
let extraQuery: Record<string, string> | null = null;

describe('@lukehagar/plexjs against the home server', () => {
  let library: ClientLibrary;
  let plex: PlexAPI;
  const hosts = new Set<string>();

  beforeAll(async () => {
    library = await startClientLibrary();
    const httpClient = new HTTPClient({
      fetcher: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        hosts.add(url.hostname);
        if (url.hostname !== '127.0.0.1') throw new Error(`refused: ${url.hostname} is not this machine`);
        return fetch(input, init);
      },
    });
    httpClient.addHook('beforeRequest', (request) => {
      if (!extraQuery || !new URL(request.url).pathname.endsWith('/all')) return request;
      const url = new URL(request.url);
      for (const [name, value] of Object.entries(extraQuery)) url.searchParams.set(name, value);
      return new Request(url, request);
    });
    plex = new PlexAPI({
      serverURL: library.url,
      token: library.token,
      accepts: Accepts.ApplicationJson,
      clientIdentifier: library.tv.clientIdentifier,
      product: 'plexjs test',
      version: '1.0',
      platform: 'Node.js',
      device: 'Test runner',
      deviceName: 'Test runner',
      httpClient,
    });
  }, 120_000);
  afterAll(async () => {
    await library?.close();
    expect([...hosts]).toEqual(['127.0.0.1']);
  });

  const sectionId = async (type: 'movie' | 'show'): Promise<string> => {
    const sections = await plex.library.getSections({});
    const section = sections.object?.mediaContainer?.directory?.find((entry) => entry.type === type);
    expect(section, `a ${type} section`).toBeDefined();
    return String(section?.key);
  };

  const listSection = async (type: 'movie' | 'show', query: Record<string, string> | null = null) => {
    const id = await sectionId(type);
    extraQuery = query;
    try {
      const listed = await plex.content.listContent({ sectionId: id });
      return listed.mediaContainerWithMetadata?.mediaContainer?.metadata ?? [];
    } finally {
      extraQuery = null;
    }
  };

  const movie = async (title: string) => {
    const found = (await listSection('movie')).find((item) => item.title === title);
    expect(found, title).toBeDefined();
    return found as NonNullable<typeof found>;
  };

  it('getServerInfo answers JSON the SDK parses; getIdentity names the server', async () => {
    // The SDK's schema for `GET /` keeps only identifier, offset, size, totalSize and Directory: the server's
    // attributes are dropped by the SDK itself, so only that the answer parses is checked here.
    const info = await plex.general.getServerInfo({});
    expect(info.statusCode).toBe(200);
    expect(info.contentType).toBe('application/json');
    expect(info.mediaContainerWithDirectory?.mediaContainer).toBeDefined();
    const identity = await plex.general.getIdentity();
    expect(identity.object?.mediaContainer?.machineIdentifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.object?.mediaContainer?.version).toEqual(expect.any(String));
  });

  it('getSections (GET /library/sections/all): a movie and a show section', async () => {
    const sections = await plex.library.getSections({});
    const directories = sections.object?.mediaContainer?.directory ?? [];
    expect(directories.map((entry) => [entry.type, entry.title]).sort()).toEqual([
      ['movie', 'Movies'],
      ['show', 'TV Shows'],
    ]);
  });

  it('listContent: every movie; with year=2010 and sort=titleSort:desc only those, in that order', async () => {
    expect((await listSection('movie')).map((item) => item.title).sort()).toEqual(
      MOVIES.map((entry) => entry.title).sort(),
    );
    const filtered = await listSection('movie', { year: '2010', sort: 'titleSort:desc' });
    expect(filtered.map((item) => item.title)).toEqual(['Copper Sky', 'Blue Harbour']);
  });

  it("getMetadataItem for a movie and an episode; a show's episodes with getAllItemLeaves", async () => {
    const listed = await movie('Blue Harbour');
    const detail = await plex.content.getMetadataItem({ ids: [String(listed.ratingKey)] });
    const [item] = detail.mediaContainerWithMetadata?.mediaContainer?.metadata ?? [];
    expect(item).toMatchObject({ title: 'Blue Harbour', type: 'movie', year: 2010 });
    expect(item.media?.[0].part?.[0].stream?.map((stream) => stream.streamType)).toEqual([1, 2]);

    const [show] = await listSection('show');
    expect(show.title).toBe(SHOW.title);
    const leaves = await plex.library.getAllItemLeaves({ ids: String(show.ratingKey) });
    const episodes = leaves.mediaContainerWithMetadata?.mediaContainer?.metadata ?? [];
    expect(episodes.map((episode) => episode.title)).toEqual(['First Shift', 'Second Shift', 'New Rota']);
    const episodeDetail = await plex.content.getMetadataItem({ ids: [String(episodes[2].ratingKey)] });
    expect(episodeDetail.mediaContainerWithMetadata?.mediaContainer?.metadata?.[0]).toMatchObject({
      type: 'episode',
      title: 'New Rota',
      index: 1,
      parentIndex: 2,
      grandparentTitle: SHOW.title,
    });
    const sectionLeaves = await plex.content.getAllLeaves({ sectionId: Number(await sectionId('show')) });
    expect(sectionLeaves.mediaContainerWithMetadata?.mediaContainer?.metadata?.length).toBe(3);
  });

  it('Genre and Role from .nfo files: listContent filtered by genre; getMetadataItem parses them', async () => {
    const dramas = await listSection('movie', { genre: 'Drama', sort: 'titleSort' });
    expect(dramas.map((item) => item.title)).toEqual(['Blue Harbour', 'Copper Sky']);
    expect(dramas[0].genre?.map((genre) => genre.tag)).toEqual(MOVIE_NFOS['Blue Harbour'].genres);
    const detail = await plex.content.getMetadataItem({ ids: [String(dramas[0].ratingKey)] });
    const [item] = detail.mediaContainerWithMetadata?.mediaContainer?.metadata ?? [];
    expect(item.genre?.map((genre) => [genre.tag, genre.filter])).toEqual(
      item.genre?.map((genre) => [genre.tag, `genre=${genre.id}`]),
    );
    expect(item.genre?.map((genre) => genre.tag)).toEqual(['Drama', 'Mystery']);
    expect(item.role?.map((role) => [role.tag, role.role])).toEqual([['Ada Stone', 'Harbour Master']]);
  });

  it('searchHubs finds by title', async () => {
    const search = await plex.search.searchHubs({ query: 'harbour', limit: 5 });
    const titles = (search.object?.mediaContainer?.hub ?? []).flatMap((hub) =>
      (hub.metadata ?? []).map((item) => item.title),
    );
    expect(titles).toEqual(['Blue Harbour']);
  });

  it('hubs: the home hubs, a section’s hubs, continue watching and promoted', async () => {
    const all = await plex.hubs.getAllHubs({});
    const home = all.object?.mediaContainer?.hub ?? [];
    expect(home.length).toBeGreaterThan(0);
    const movies = Number(await sectionId('movie'));
    const section = await plex.hubs.getSectionHubs({ sectionId: movies });
    const recent = (section.object?.mediaContainer?.hub ?? []).find((hub) =>
      /recentlyadded/i.test(hub.hubIdentifier ?? ''),
    );
    expect(recent?.metadata?.length).toBe(MOVIES.length);
    const continuing = await plex.hubs.getContinueWatching({});
    expect(continuing.object?.mediaContainer?.hub).toBeDefined();
    const promoted = await plex.hubs.getPromotedHubs({});
    expect(promoted.object?.mediaContainer?.hub?.length).toBeGreaterThan(0);
  });

  it('a stream URL from Part.key serves bytes; makeDecision says direct play in PMS’s shape', async () => {
    const listed = await movie('Copper Sky');
    const partKey = listed.media?.[0].part?.[0].key as string;
    const bytes = await fetch(`${library.url}${partKey}?X-Plex-Token=${library.token}`, {
      headers: { Range: 'bytes=0-255' },
    });
    expect(bytes.status).toBe(206);
    expect((await bytes.arrayBuffer()).byteLength).toBe(256);

    const decision = await plex.transcoder.makeDecision({
      transcodeType: TranscodeType.Video,
      transcodeSessionId: 'plexjs-session',
      path: `/library/metadata/${listed.ratingKey}`,
      mediaIndex: 0,
      partIndex: 0,
      directPlay: BoolInt.One,
      directStream: BoolInt.One,
    });
    const container = decision.mediaContainerWithDecision?.mediaContainer;
    expect(container?.generalDecisionCode).toBe(1000);
    const item = container?.metadata?.[0];
    expect(item).toMatchObject({ type: 'movie', title: 'Copper Sky' });
    expect(item?.media?.[0].part?.[0]).toMatchObject({ decision: 'directplay' });
  });

  it('timeline report sets viewOffset; markPlayed scrobbles; setRating rates', async () => {
    const listed = await movie('The Distant Shore');
    const ratingKey = String(listed.ratingKey);
    await plex.timeline.report({
      key: `/library/metadata/${ratingKey}`,
      ratingKey,
      state: ReportState.Paused,
      time: 800,
      duration: 2000,
    });
    const read = async () =>
      (await plex.content.getMetadataItem({ ids: [ratingKey] })).mediaContainerWithMetadata?.mediaContainer
        ?.metadata?.[0];
    expect((await read())?.viewOffset).toBe(800);
    const continuing = await plex.hubs.getContinueWatching({});
    const inProgress = (continuing.object?.mediaContainer?.hub ?? []).flatMap((hub) => hub.metadata ?? []);
    expect(inProgress.map((item) => item.title)).toContain('The Distant Shore');
    await plex.timeline.markPlayed({ identifier: 'com.plexapp.plugins.library', key: ratingKey });
    expect((await read())?.viewCount).toBe(1);
    await plex.rate.setRating({ identifier: 'com.plexapp.plugins.library', key: ratingKey, rating: 8 });
    expect((await read())?.userRating).toBe(8);
  });
});

import { join } from 'node:path';
import {
  type Episode,
  type Movie,
  type MovieSection,
  PlexServer,
  type Show,
  type ShowSection,
} from '@ctrl/plex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientLibrary, MOVIE_NFOS, MOVIES, SHOW, startClientLibrary } from './client-library';

// @ctrl/plex (a TypeScript port of python-plexapi) against the home server, through its own objects:
// PlexServer.connect() reads `GET /`, library() reads `/library` (falling back to `/library/sections/`),
// sections come from `/library/sections`, section.search() turns its arguments into `/all` filters,
// Movie/Show/Season/Episode load and reload themselves, markWatched() scrobbles and rate() calls `/:/rate`.
// It has no decision or timeline call of its own: those go through its generic server.query(). It only
// talks to plex.tv from myPlexAccount()/clients(), which this flow never calls.

describe('@ctrl/plex against the home server', () => {
  let library: ClientLibrary;
  let plex: PlexServer;

  beforeAll(async () => {
    library = await startClientLibrary();
    plex = new PlexServer(library.url, library.token, 20_000);
  }, 120_000);
  afterAll(async () => {
    await library?.close();
  });

  const movieSection = async (): Promise<MovieSection> => {
    const sections = await (await plex.library()).sections();
    return sections.find((section) => section.type === 'movie') as MovieSection;
  };
  const showSection = async (): Promise<ShowSection> => {
    const sections = await (await plex.library()).sections();
    return sections.find((section) => section.type === 'show') as unknown as ShowSection;
  };

  it('connect() loads the server: name, identity, version, platform and owner features', async () => {
    await plex.connect();
    expect(plex.friendlyName).toMatch(/^Marquee Home Server/);
    expect(plex.machineIdentifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof plex.version).toBe('string');
    expect(typeof plex.platform).toBe('string');
    expect(Array.isArray(plex.ownerFeatures)).toBe(true);
    expect(plex.transcoderVideo).toBe(true);
  });

  it('library() and sections(): one movie and one show section', async () => {
    const sections = await (await plex.library()).sections();
    expect(sections.map((section) => [section.type, section.title]).sort()).toEqual([
      ['movie', 'Movies'],
      ['show', 'TV Shows'],
    ]);
  });

  it('section.all() with a sort, and search() with a year filter and a title filter', async () => {
    const movies = await movieSection();
    const all = await movies.all('titleSort:desc');
    expect(all.map((movie) => movie.title)).toEqual(
      [...MOVIES].map((movie) => movie.title).sort((a, b) => titleSortOf(b).localeCompare(titleSortOf(a))),
    );
    const of2010 = await movies.search({ year: 2010, sort: 'titleSort:asc' });
    expect(of2010.map((movie) => movie.title)).toEqual(['Blue Harbour', 'Copper Sky']);
    const byTitle = await movies.search({ title: 'copper' });
    expect(byTitle.map((movie) => movie.title)).toEqual(['Copper Sky']);
    const shows = await showSection();
    const recent = await shows.recentlyAdded({}, 'episode', 10);
    expect(recent.length).toBe(SHOW.episodes.length);
  });

  it('a movie: get(title), reload() with its media, parts and streams; locations() are its files', async () => {
    const movies = await movieSection();
    const movie = (await movies.get('Blue Harbour')) as Movie;
    expect(movie.year).toBe(2010);
    await movie.reload();
    expect(movie.media[0].parts[0].streams.map((stream) => stream.streamType)).toEqual([1, 2]);
    expect(await movie.locations()).toEqual([
      join(library.media.dir, 'Movies/Blue Harbour (2010)/Blue Harbour (2010).mp4'),
    ]);
  });

  it("genres(): the section's genres; search() by genre name or id; a movie's genres, roles and guids", async () => {
    const movies = await movieSection();
    const genres = await movies.genres();
    expect(genres.map((genre) => [genre.title, genre.type])).toEqual([
      ['Comedy', 'genre'],
      ['Drama', 'genre'],
      ['Mystery', 'genre'],
    ]);
    const byName = await movies.search({ genre: 'Drama', sort: 'titleSort:asc' });
    expect(byName.map((movie) => movie.title)).toEqual(['Blue Harbour', 'Copper Sky']);
    const mystery = genres.find((genre) => genre.title === 'Mystery');
    const byId = await movies.search({ genre: String(mystery?.key) });
    expect(byId.map((movie) => movie.title)).toEqual(['Blue Harbour']);

    const blueHarbour = (await movies.get('Blue Harbour')) as Movie;
    await blueHarbour.reload();
    expect(blueHarbour.genres.map((genre) => genre.tag)).toEqual(MOVIE_NFOS['Blue Harbour'].genres);
    expect(blueHarbour.roles.map((role) => [role.tag, role.role])).toEqual([['Ada Stone', 'Harbour Master']]);
    expect(blueHarbour.guids).toEqual([]);
    const copperSky = (await movies.get('Copper Sky')) as Movie;
    await copperSky.reload();
    expect(copperSky.guids.map((guid) => guid.id)).toEqual(['imdb://tt0111161']);
  });

  it("a show's seasons and episodes; an episode reloads with its show", async () => {
    const shows = await showSection();
    const [show] = (await shows.all()) as Show[];
    expect(show.title).toBe(SHOW.title);
    const seasons = await show.seasons();
    expect(seasons.map((season) => season.index)).toEqual([1, 2]);
    const firstSeason = await seasons[0].episodes();
    expect(firstSeason.map((episode) => episode.title)).toEqual(['First Shift', 'Second Shift']);
    const everyEpisode = await show.episodes();
    expect(everyEpisode.map((episode) => episode.title)).toEqual(['First Shift', 'Second Shift', 'New Rota']);
    const episode = firstSeason[1] as Episode;
    await episode.reload();
    expect(episode.grandparentTitle).toBe(SHOW.title);
    expect(await episode.seasonEpisode()).toBe('s01e02');
  });

  it('server.search() and section.hubs()', async () => {
    const hubs = await plex.search('harbour');
    const titles = hubs.flatMap((hub) => (hub.Metadata ?? []).map((item: { title: string }) => item.title));
    expect(titles).toEqual(['Blue Harbour']);
    const movies = await movieSection();
    const sectionHubs = await movies.hubs();
    const recentlyAdded = sectionHubs.find((hub) => /recentlyadded/i.test(hub.hubIdentifier));
    expect(recentlyAdded?.Metadata?.length).toBe(MOVIES.length);
  });

  it('a stream URL from server.url(part.key, true) serves the file; a decision through server.query()', async () => {
    const movies = await movieSection();
    const movie = (await movies.get('Copper Sky')) as Movie;
    await movie.reload();
    const url = plex.url(movie.media[0].parts[0].key as string, true);
    const bytes = await fetch(url, { headers: { Range: 'bytes=0-511' } });
    expect(bytes.status).toBe(206);
    expect((await bytes.arrayBuffer()).byteLength).toBe(512);

    const decision = await plex.query(
      `/video/:/transcode/universal/decision?path=${encodeURIComponent(`/library/metadata/${movie.ratingKey}`)}` +
        '&mediaIndex=0&partIndex=0&protocol=hls&directPlay=1&directStream=1&session=ctrl-plex-session',
    );
    expect(decision.MediaContainer.generalDecisionCode).toBe(1000);
    expect(decision.MediaContainer.Metadata[0].Media[0].Part[0].decision).toBe('directplay');
  });

  it('timeline through server.query(); markWatched() scrobbles; rate() stores the rating', async () => {
    const movies = await movieSection();
    const movie = (await movies.get('The Distant Shore')) as Movie;
    await plex.query(
      `/:/timeline?ratingKey=${movie.ratingKey}&key=${encodeURIComponent(`/library/metadata/${movie.ratingKey}`)}` +
        '&identifier=com.plexapp.plugins.library&state=paused&time=800&duration=2000',
    );
    await movie.reload();
    expect(movie.viewOffset).toBe(800);
    await movie.markWatched();
    expect(movie.isWatched).toBe(true);
    expect(movie.viewCount).toBe(1);
    await movie.rate(8);
    expect(movie.userRating).toBe(8);
  });

  it('createPlayQueue() from a movie', async () => {
    const movies = await movieSection();
    const movie = (await movies.get('Amber Road')) as Movie;
    const queue = await movie.createPlayQueue();
    expect(queue.playQueueID).toBeGreaterThan(0);
    expect(queue.items.map((item) => item.title)).toEqual(['Amber Road']);
  });
});

/** How the server sorts titles: a leading "The" does not count (src/server/media/media-names.ts). */
function titleSortOf(title: string): string {
  return title.replace(/^The /, '');
}

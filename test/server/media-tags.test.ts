import { rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { DATABASE_FILE } from '../../src/server/db/database';
import { parseNfo } from '../../src/server/media/nfo';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { childrenNamed, parseXml, type XmlElement } from '../support/plex-xml';
import { getWithToken, linkTv } from './helpers';

// Genres, roles and external ids from .nfo files (docs/protocol.md#tags-from-nfo-files), end to end: tiny
// clips and .nfo files on disk, a real scan, the answers over real HTTP in JSON and XML, the genre filter, a
// rescan after an .nfo is edited or removed, and .nfo files that are not well-formed.

const BIG_LAKE_NFO = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<!-- written by hand; <genre>Commented Out</genre> -->
<movie>
  <title>Big Lake</title>
  <year>2019</year>
  <thumb aspect="poster">http://127.0.0.1:9/poster.jpg</thumb>
  <uniqueid type="tmdb">4242</uniqueid>
  <uniqueid type="imdb" default="true">tt0111161</uniqueid>
  <genre>Drama</genre>
  <genre>Mystery / Thriller</genre>
  <actor><name>Ada Stone</name><role>Maggie &apos;Mags&apos; Reed</role><order>1</order>
    <thumb>http://127.0.0.1:9/ada.jpg</thumb></actor>
  <actor><name>Ben Marsh</name><role>The Ranger</role><order>0</order></actor>
  <actor><name>Cleo Hart</name><role>Ferry &amp; Dock Keeper</role><order>2</order><thumb>/not/a/url.jpg</thumb></actor>
  <actor><name>Dov Reyes</name><order>3</order></actor>
</movie>`;

describe('tags from .nfo files', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  const sections = { movies: '', shows: '' };

  const get = async <T = { MediaContainer: { Metadata?: PlexMetadata[] } }>(path: string): Promise<T> => {
    const response = await getWithToken(server.url, path, token);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const xml = async (path: string): Promise<XmlElement> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'X-Plex-Token': token } });
    expect(response.status, path).toBe(200);
    return parseXml(await response.text());
  };
  const movies = async (query = '') =>
    (await get(`/library/sections/${sections.movies}/all${query}`)).MediaContainer.Metadata ?? [];
  const titles = async (query: string) => (await movies(query)).map((movie) => movie.title);
  const movie = async (title: string) => {
    const found = (await movies()).find((item) => item.title === title);
    if (!found) throw new Error(`no movie ${title}`);
    const [full] = (await get(`/library/metadata/${found.ratingKey}`)).MediaContainer.Metadata ?? [];
    return full;
  };
  /** The tags table as the server left it, read through a connection of the test's own. */
  const tagRows = () => {
    const db = new BetterSqlite3(join(server.dataDir, DATABASE_FILE), { readonly: true });
    try {
      return db.prepare('SELECT id, kind, tag FROM tags ORDER BY kind, tag').all() as {
        id: number;
        kind: string;
        tag: string;
      }[];
    } finally {
      db.close();
    }
  };
  const rescan = async () => {
    const scanner = server.server.media.scanner;
    if (!scanner) throw new Error('no scanner');
    await server.server.media.idle();
    return scanner.scan();
  };
  /** Rewrites a text file with a later mtime (a save in the same millisecond as the first write is not a change). */
  const rewrite = async (relative: string, text: string) => {
    const file = await media.addText(relative, text);
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
  };

  beforeAll(async () => {
    media = await createMediaFixture('marquee-tags-');
    await media.add('Movies/Big Lake (2019)/Big Lake (2019).mp4');
    await media.addText('Movies/Big Lake (2019)/Big Lake (2019).nfo', BIG_LAKE_NFO);
    await media.add('Movies/Copper Sky (2021)/Copper Sky (2021).mp4');
    // movie.nfo (the folder's), a genre Big Lake has too, an old-style <id>.
    await media.addText(
      'Movies/Copper Sky (2021)/movie.nfo',
      '<movie><title>Copper Sky</title><id>tt7654321</id><genre>comedy</genre><genre>Drama</genre>' +
        '<actor><name>Ben Marsh</name><role>Pilot</role></actor></movie>',
    );
    await media.add('Movies/The Quiet Harbour (2016).mp4');
    // Not well-formed: the title never closes, the last actor has no name and the file just stops.
    await media.add('Movies/Half Written (2010)/Half Written (2010).mp4');
    await media.addText(
      'Movies/Half Written (2010)/Half Written (2010).nfo',
      '<movie><title>Never Closed<genre>Horror</genre><uniqueid type="imdb">not-an-id</uniqueid>' +
        '<actor><name>Eve Lund</name></actor><actor><role>Nameless</role><genre>Western',
    );
    // Not XML at all.
    await media.add('Movies/Static (2005)/Static (2005).mp4');
    await media.addText('Movies/Static (2005)/Static (2005).nfo', '\u0000\u0001<<<>>> ]]> &bogus; <genre');
    await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E01 - First Light.mp4');
    await media.addText(
      'TV Shows/Lighthouse/tvshow.nfo',
      '<tvshow><title>Lighthouse</title><genre>Drama</genre><genre>Documentary</genre>' +
        '<uniqueid type="tvdb" default="true">81189</uniqueid><uniqueid type="imdb">tt0903747</uniqueid></tvshow>',
    );
    await media.addText(
      'TV Shows/Lighthouse/Season 01/Lighthouse - S01E01 - First Light.nfo',
      '<episodedetails><title>First Light</title><actor><name>Guest Star</name><role>Keeper</role></actor>' +
        '<uniqueid type="tvdb">349232</uniqueid></episodedetails>' +
        '<episodedetails><title>Second Part</title><genre>Not This One</genre></episodedetails>',
    );
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
    const listed = await get<{ MediaContainer: { Directory: PlexSection[] } }>('/library/sections');
    sections.movies = listed.MediaContainer.Directory.find((section) => section.type === 'movie')?.key ?? '';
    sections.shows = listed.MediaContainer.Directory.find((section) => section.type === 'show')?.key ?? '';
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('parses what a broken .nfo holds and nothing from one that is not XML', () => {
    expect(parseNfo('<movie><title>Never Closed<genre>Horror</genre><actor><name>Eve')).toEqual({
      genres: ['Horror'],
    });
    expect(parseNfo('\u0000<<<>>> &bogus; <genre')).toEqual({});
    expect(parseNfo(BIG_LAKE_NFO)).toEqual({
      title: 'Big Lake',
      year: 2019,
      genres: ['Drama', 'Mystery', 'Thriller'],
      actors: [
        { name: 'Ben Marsh', role: 'The Ranger' },
        { name: 'Ada Stone', role: "Maggie 'Mags' Reed", thumb: 'http://127.0.0.1:9/ada.jpg' },
        { name: 'Cleo Hart', role: 'Ferry & Dock Keeper' },
        { name: 'Dov Reyes' },
      ],
      guids: ['imdb://tt0111161', 'tmdb://4242'],
    });
  });

  it('/library/metadata/{id}: every Genre and Role, and the Guid list, as PMS writes them (JSON)', async () => {
    const bigLake = await movie('Big Lake');
    const genreIds = bigLake.Genre?.map((genre) => genre.id) ?? [];
    expect(genreIds.every((id) => typeof id === 'number')).toBe(true);
    expect(bigLake.Genre).toEqual(
      ['Drama', 'Mystery', 'Thriller'].map((tag, index) => ({
        id: genreIds[index],
        filter: `genre=${genreIds[index]}`,
        tag,
      })),
    );
    expect(bigLake.Role?.map(({ tag, role, thumb }) => ({ tag, role, thumb }))).toEqual([
      { tag: 'Ben Marsh', role: 'The Ranger', thumb: undefined },
      { tag: 'Ada Stone', role: "Maggie 'Mags' Reed", thumb: 'http://127.0.0.1:9/ada.jpg' },
      { tag: 'Cleo Hart', role: 'Ferry & Dock Keeper', thumb: undefined },
      { tag: 'Dov Reyes', role: undefined, thumb: undefined },
    ]);
    for (const role of bigLake.Role ?? []) expect(role.filter).toBe(`actor=${role.id}`);
    expect(bigLake.Guid).toEqual([{ id: 'imdb://tt0111161' }, { id: 'tmdb://4242' }]);

    // One tag per name: Copper Sky's Drama is Big Lake's (same id), and the same actor is one Role tag.
    const copperSky = await movie('Copper Sky');
    expect(copperSky.Genre?.map((genre) => genre.tag)).toEqual(['comedy', 'Drama']);
    expect(copperSky.Genre?.[1].id).toBe(genreIds[0]);
    expect(copperSky.Role?.[0]).toMatchObject({ tag: 'Ben Marsh', role: 'Pilot', id: bigLake.Role?.[0].id });
    expect(copperSky.Guid).toEqual([{ id: 'imdb://tt7654321' }]);

    const harbour = await movie('The Quiet Harbour');
    expect(harbour).not.toHaveProperty('Genre');
    expect(harbour).not.toHaveProperty('Role');
    expect(harbour).not.toHaveProperty('Guid');
  });

  it('the same in XML: Genre, Role and Guid children of the Video, with the JSON values', async () => {
    const bigLake = await movie('Big Lake');
    const root = await xml(`/library/metadata/${bigLake.ratingKey}`);
    const [video] = childrenNamed(root, 'Video');
    expect(childrenNamed(video, 'Genre').map((genre) => genre.attributes)).toEqual(
      bigLake.Genre?.map((genre) => ({ id: String(genre.id), filter: genre.filter, tag: genre.tag })),
    );
    expect(childrenNamed(video, 'Role').map((role) => role.attributes)).toEqual(
      bigLake.Role?.map((role) => {
        const attributes: Record<string, string> = {
          id: String(role.id),
          filter: `actor=${role.id}`,
          tag: role.tag,
        };
        if (role.role) attributes.role = role.role;
        if (role.thumb) attributes.thumb = role.thumb;
        return attributes;
      }),
    );
    expect(childrenNamed(video, 'Guid').map((guid) => guid.attributes)).toEqual([
      { id: 'imdb://tt0111161' },
      { id: 'tmdb://4242' },
    ]);
  });

  it('listings carry the first 2 genres and 3 roles, and a Guid list only with includeGuids=1, as PMS listings do', async () => {
    const listed = (await movies()).find((item) => item.title === 'Big Lake');
    expect(listed?.Genre?.map((genre) => genre.tag)).toEqual(['Drama', 'Mystery']);
    expect(listed?.Role?.map((role) => role.tag)).toEqual(['Ben Marsh', 'Ada Stone', 'Cleo Hart']);
    expect(listed).not.toHaveProperty('Guid');
    // includeGuids=1 (python-plexapi sends it) adds the Guid list to listed items.
    const withGuids = (await movies('?includeGuids=1')).find((item) => item.title === 'Big Lake');
    expect(withGuids?.Guid).toEqual([{ id: 'imdb://tt0111161' }, { id: 'tmdb://4242' }]);
    const root = await xml(`/library/sections/${sections.movies}/all`);
    const video = childrenNamed(root, 'Video').find((element) => element.attributes.title === 'Big Lake');
    expect(childrenNamed(video as XmlElement, 'Genre').map((genre) => genre.attributes.tag)).toEqual([
      'Drama',
      'Mystery',
    ]);
  });

  it('a show has its tvshow.nfo tags; an episode its own, from the first <episodedetails>', async () => {
    const [show] = (await get(`/library/sections/${sections.shows}/all`)).MediaContainer.Metadata ?? [];
    const [full] = (await get(`/library/metadata/${show.ratingKey}`)).MediaContainer.Metadata ?? [];
    expect(full.Genre?.map((genre) => genre.tag)).toEqual(['Drama', 'Documentary']);
    expect(full.Guid).toEqual([{ id: 'imdb://tt0903747' }, { id: 'tvdb://81189' }]);
    const root = await xml(`/library/metadata/${show.ratingKey}`);
    const [directory] = childrenNamed(root, 'Directory');
    expect(childrenNamed(directory, 'Genre').map((genre) => genre.attributes.tag)).toEqual([
      'Drama',
      'Documentary',
    ]);
    const [episode] =
      (await get(`/library/metadata/${show.ratingKey}/allLeaves`)).MediaContainer.Metadata ?? [];
    const [episodeFull] = (await get(`/library/metadata/${episode.ratingKey}`)).MediaContainer.Metadata ?? [];
    expect(episodeFull.title).toBe('First Light');
    expect(episodeFull.Role).toEqual([expect.objectContaining({ tag: 'Guest Star', role: 'Keeper' })]);
    expect(episodeFull.Guid).toEqual([{ id: 'tvdb://349232' }]);
    expect(episodeFull).not.toHaveProperty('Genre');
  });

  it('a malformed .nfo gives what it could read; one that is not XML gives nothing, and neither stops the scan', async () => {
    const listed = await titles('');
    expect(listed).toEqual(['Big Lake', 'Copper Sky', 'Half Written', 'The Quiet Harbour', 'Static']);
    const halfWritten = await movie('Half Written');
    expect(halfWritten.Genre?.map((genre) => genre.tag)).toEqual(['Horror']);
    expect(halfWritten.Role?.map((role) => role.tag)).toEqual(['Eve Lund']);
    expect(halfWritten).not.toHaveProperty('Guid');
    const noise = await movie('Static');
    expect(noise).not.toHaveProperty('Genre');
    expect(noise.year).toBe(2005);
  });

  it('genre= and actor= filter by name (any case) or id; commas are alternatives; != excludes', async () => {
    const drama = (await movie('Big Lake')).Genre?.[0];
    expect(drama?.tag).toBe('Drama');
    expect(await titles('?genre=Drama')).toEqual(['Big Lake', 'Copper Sky']);
    expect(await titles('?genre=drama')).toEqual(['Big Lake', 'Copper Sky']);
    expect(await titles(`?genre=${drama?.id}`)).toEqual(['Big Lake', 'Copper Sky']);
    expect(await titles('?genre=Comedy,Horror')).toEqual(['Copper Sky', 'Half Written']);
    expect(await titles('?genre!=Drama')).toEqual(['Half Written', 'The Quiet Harbour', 'Static']);
    expect(await titles('?genre%21=Drama,Horror')).toEqual(['The Quiet Harbour', 'Static']);
    // Two keys: both must match.
    expect(await titles('?genre=Drama&genre=Thriller')).toEqual(['Big Lake']);
    expect(await titles('?genre=Drama&year=2021')).toEqual(['Copper Sky']);
    expect(await titles('?genre=Western')).toEqual([]);
    expect(await titles('?actor=Ben%20Marsh')).toEqual(['Big Lake', 'Copper Sky']);
    expect(await titles('?actor=Eve%20Lund&sort=titleSort:desc')).toEqual(['Half Written']);
    const paged = await getWithToken(
      server.url,
      `/library/sections/${sections.movies}/all?genre=Drama&X-Plex-Container-Start=1&X-Plex-Container-Size=1`,
      token,
    );
    expect(paged.headers.get('x-plex-container-total-size')).toBe('2');
    const shows = (await get(`/library/sections/${sections.shows}/all?genre=Documentary`)).MediaContainer;
    expect(shows.Metadata?.map((show) => show.title)).toEqual(['Lighthouse']);
    expect(
      (await get(`/library/sections/${sections.shows}/all?genre=Comedy`)).MediaContainer.Metadata ?? [],
    ).toEqual([]);
    for (const bad of ['genre=', 'genre>>=Drama', 'genre<<=1']) {
      const response = await getWithToken(
        server.url,
        `/library/sections/${sections.movies}/all?${bad}`,
        token,
      );
      expect(response.status, bad).toBe(400);
      expect(JSON.stringify(await response.json()), bad).toContain('genre');
    }
  });

  it('/library/sections/{key}/genre and /actor list the tags of the section, each with the listing it filters to', async () => {
    type Choices = {
      MediaContainer: {
        size: number;
        Directory: { fastKey: string; key: string; title: string; type: string }[];
      };
    };
    const genres = (await get<Choices>(`/library/sections/${sections.movies}/genre`)).MediaContainer;
    expect(genres.Directory.map((entry) => entry.title)).toEqual([
      'comedy',
      'Drama',
      'Horror',
      'Mystery',
      'Thriller',
    ]);
    expect(genres.size).toBe(5);
    for (const entry of genres.Directory) {
      expect(entry.type).toBe('genre');
      expect(entry.fastKey).toBe(`/library/sections/${sections.movies}/all?genre=${entry.key}`);
    }
    const drama = genres.Directory.find((entry) => entry.title === 'Drama');
    const filtered = (await get(drama?.fastKey ?? '')).MediaContainer.Metadata ?? [];
    expect(filtered.map((item) => item.title)).toEqual(['Big Lake', 'Copper Sky']);
    const showGenres = (await get<Choices>(`/library/sections/${sections.shows}/genre`)).MediaContainer;
    expect(showGenres.Directory.map((entry) => entry.title)).toEqual(['Documentary', 'Drama']);
    const actors = (await get<Choices>(`/library/sections/${sections.movies}/actor`)).MediaContainer;
    expect(actors.Directory.map((entry) => [entry.title, entry.type])).toEqual(
      ['Ada Stone', 'Ben Marsh', 'Cleo Hart', 'Dov Reyes', 'Eve Lund'].map((name) => [name, 'actor']),
    );
    // The guest star is an episode's, not the show's.
    expect(
      (await get<Choices>(`/library/sections/${sections.shows}/actor`)).MediaContainer.Directory,
    ).toEqual([]);
    const root = await xml(`/library/sections/${sections.movies}/genre`);
    expect(
      childrenNamed(root, 'Directory').map((entry) => [entry.attributes.key, entry.attributes.title]),
    ).toEqual(genres.Directory.map((entry) => [entry.key, entry.title]));
    expect((await getWithToken(server.url, '/library/sections/999/genre', token)).status).toBe(404);
    expect((await getWithToken(server.url, '/library/sections/abc/genre', token)).status).toBe(400);
  });

  it('a rescan rereads an edited .nfo (kept tags keep their id), and a removed .nfo or item takes its tags', async () => {
    const before = await movie('Big Lake');
    const dramaId = before.Genre?.[0].id;
    await rewrite(
      'Movies/Big Lake (2019)/Big Lake (2019).nfo',
      '<movie><title>Big Lake</title><genre>Drama</genre><genre>Western</genre>' +
        '<actor><name>Fay Lowe</name><role>Sheriff</role></actor><uniqueid type="imdb">tt0111161</uniqueid></movie>',
    );
    const edited = await rescan();
    expect(edited).toMatchObject({ updated: 1, added: 0, removed: 0 });
    const after = await movie('Big Lake');
    expect(after.Genre?.map((genre) => [genre.tag, genre.id === dramaId])).toEqual([
      ['Drama', true],
      ['Western', false],
    ]);
    expect(after.Role?.map((role) => role.tag)).toEqual(['Fay Lowe']);
    expect(after.Guid).toEqual([{ id: 'imdb://tt0111161' }]);
    expect(await titles('?genre=Western')).toEqual(['Big Lake']);
    expect(await titles('?genre=Mystery')).toEqual([]);
    // A tag no item has any more is gone; Ben Marsh stays (Copper Sky has him).
    const tags = tagRows().map((row) => `${row.kind}:${row.tag}`);
    expect(tags).not.toContain('genre:Mystery');
    expect(tags).not.toContain('role:Ada Stone');
    expect(tags).toContain('role:Ben Marsh');
    // Unchanged files and .nfo files: nothing read again.
    expect(await rescan()).toMatchObject({ probed: 0, updated: 0 });

    await rm(join(media.dir, 'Movies/Copper Sky (2021)/movie.nfo'));
    expect(await rescan()).toMatchObject({ updated: 1 });
    const copperSky = await movie('Copper Sky');
    expect(copperSky).not.toHaveProperty('Genre');
    expect(copperSky).not.toHaveProperty('Guid');
    expect(tagRows().map((row) => `${row.kind}:${row.tag}`)).not.toContain('genre:comedy');

    await rm(join(media.dir, 'Movies/Half Written (2010)'), { recursive: true });
    expect(await rescan()).toMatchObject({ removed: 1 });
    const left = tagRows().map((row) => `${row.kind}:${row.tag}`);
    expect(left).not.toContain('genre:Horror');
    expect(left).not.toContain('role:Eve Lund');
    expect(await titles('?genre=Horror')).toEqual([]);
  });

  it('an edited tvshow.nfo rereads the show', async () => {
    await rewrite(
      'TV Shows/Lighthouse/tvshow.nfo',
      '<tvshow><title>Lighthouse</title><genre>Comedy</genre></tvshow>',
    );
    await rescan();
    const [show] = (await get(`/library/sections/${sections.shows}/all`)).MediaContainer.Metadata ?? [];
    const [full] = (await get(`/library/metadata/${show.ratingKey}`)).MediaContainer.Metadata ?? [];
    expect(full.Genre?.map((genre) => genre.tag)).toEqual(['Comedy']);
    expect(full).not.toHaveProperty('Guid');
    expect(
      (await get(`/library/sections/${sections.shows}/all?genre=Comedy`)).MediaContainer.Metadata?.map(
        (item) => item.title,
      ),
    ).toEqual(['Lighthouse']);
  });
});

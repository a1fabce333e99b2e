import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexErrorBody } from '../../src/protocol/plex-account';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { startTestServer, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { withServerDatabase } from '../support/server-database';
import { type SmallLibrary, seedSmallLibrary } from '../support/small-library';
import { getWithToken, linkTv, newTv, RELAXED_LIMITS, signInToken } from './helpers';

// Filters and sorts on a section's listing as PMS reads them (docs/protocol.md#filters-and-sorts), over real
// HTTP against rows whose every field is known (test/support/small-library.ts).

interface Listing {
  size: number;
  offset: number;
  totalSize: number;
  Metadata?: PlexMetadata[];
}

describe('section listing filters and sorts', () => {
  let server: TestServer;
  let token: string;
  let library: SmallLibrary;
  const tv = newTv();

  const request = (path: string) => getWithToken(server.url, path, token, tv);
  const listing = async (path: string): Promise<Listing> => {
    const response = await request(path);
    expect(response.status, path).toBe(200);
    return ((await response.json()) as { MediaContainer: Listing }).MediaContainer;
  };
  const movies = async (query: string) =>
    ((await listing(`/library/sections/${library.movieSection}/all?${query}`)).Metadata ?? []).map(
      (m) => m.title,
    );
  const shows = async (query: string) =>
    ((await listing(`/library/sections/${library.showSection}/all?${query}`)).Metadata ?? []).map(
      (m) => m.title,
    );
  const rejection = async (path: string) => {
    const response = await request(path);
    const body = (await response.json()) as PlexErrorBody;
    return { status: response.status, message: body.errors?.[0]?.message ?? '' };
  };

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    library = withServerDatabase(server, seedSmallLibrary);
    token = (await linkTv(server.url, tv)).token;
    // Watched: Bravo Echo and all of Zebra Crossing; in progress: Charlie Frost (real routes).
    for (const id of [library.ids['Bravo Echo'], library.ids['Zebra Crossing']]) {
      expect((await request(`/:/scrobble?key=${id}&identifier=com.plexapp.plugins.library`)).status).toBe(
        200,
      );
    }
    const charlie = library.ids['Charlie Frost'];
    const timeline = await request(
      `/:/timeline?ratingKey=${charlie}&key=/library/metadata/${charlie}&state=playing&time=600000&duration=6000000`,
    );
    expect(timeline.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('integer fields: is, is not, greater (>>=), less (<<=), and comma-separated alternatives', async () => {
    expect(await movies('year=2005')).toEqual(['Bravo Echo']);
    expect(await movies('year!=2005&sort=year')).toEqual([
      'Émile', // no year: "is not 2005"
      'Alpha Dawn',
      'The Delta Glow',
      'Charlie Frost',
      '5 Fingers',
      'Echo Harbour',
    ]);
    // Sent unencoded (`year>>=2005`: key `year>>`) and encoded as python-plexapi's urlencode does.
    expect(await movies('year>>=2005&sort=year')).toEqual(['Charlie Frost', '5 Fingers', 'Echo Harbour']);
    expect(await movies('year%3E%3E=2005&sort=year')).toEqual(['Charlie Frost', '5 Fingers', 'Echo Harbour']);
    expect(await movies('year<<=2000')).toEqual(['Alpha Dawn']);
    expect(await movies('year=1999,2021&sort=year:desc')).toEqual(['Echo Harbour', 'Alpha Dawn']);
    expect(await movies('decade=2000&sort=year')).toEqual(['The Delta Glow', 'Bravo Echo']);
    // Durations in ms, as the wire carries them: over 100 minutes.
    expect(await movies(`duration>>=${100 * 60_000}&sort=duration`)).toEqual(['Bravo Echo', 'Echo Harbour']);
  });

  it('title: contains, does not contain, is, is not, begins with, ends with', async () => {
    expect(await movies('title=echo')).toEqual(['Bravo Echo', 'Echo Harbour']);
    expect(await movies('title!=o')).toEqual(['5 Fingers', 'Alpha Dawn', 'Émile']);
    expect(await movies(`title==${encodeURIComponent('echo harbour')}`)).toEqual(['Echo Harbour']);
    expect(await movies(`title%3D=${encodeURIComponent('Echo Harbour')}`)).toEqual(['Echo Harbour']);
    expect(await movies('title!==Alpha%20Dawn&title=a&sort=titleSort')).toEqual([
      'Bravo Echo',
      'Charlie Frost',
      'The Delta Glow',
      'Echo Harbour',
    ]);
    expect(await movies('title<=bra')).toEqual(['Bravo Echo']);
    expect(await movies('title>=RBOUR')).toEqual(['Echo Harbour']);
    expect(await movies(`title=${encodeURIComponent('ÉMILE')}`)).toEqual(['Émile']);
  });

  it('watch state is the caller’s: unwatched, inProgress, viewCount, lastViewedAt', async () => {
    expect(await movies('unwatched=0')).toEqual(['Bravo Echo']);
    expect(await movies('unwatched=1')).not.toContain('Bravo Echo');
    expect(await movies('unwatched=1')).toHaveLength(6);
    expect(await movies('inProgress=1')).toEqual(['Charlie Frost']);
    expect(await movies('viewCount>>=0')).toEqual(['Bravo Echo']);
    expect(await movies('lastViewedAt>>=-1d&sort=titleSort')).toEqual(['Bravo Echo', 'Charlie Frost']);
    // Shows: unwatched while an episode is; `episode.` fields match when one episode does.
    expect(await shows('unwatched=1')).toEqual(['Aardvark Street']);
    expect(await shows('unwatched=0')).toEqual(['Zebra Crossing']);
    expect(await shows('episode.title=valley')).toEqual(['Zebra Crossing']);

    // Another account sees its own state: nothing watched.
    await new LinkBrowser(server.url).signUp('bob', 'bob-password');
    const bob = await signInToken(server.url, 'bob', 'bob-password');
    const theirs = await getWithToken(
      server.url,
      `/library/sections/${library.movieSection}/all?unwatched=0`,
      bob,
    );
    expect(((await theirs.json()) as { MediaContainer: Listing }).MediaContainer.totalSize).toBe(0);
  });

  it('userRating: the caller’s own ratings (/:/rate) filter and sort', async () => {
    const rate = async (title: string, rating: number) => {
      const id = library.ids[title];
      const response = await request(
        `/:/rate?key=${id}&identifier=com.plexapp.plugins.library&rating=${rating}`,
      );
      expect(response.status).toBe(200);
    };
    await rate('Alpha Dawn', 9);
    await rate('Echo Harbour', 4);
    await rate('5 Fingers', 7.5);
    expect(await movies('userRating>>=5&sort=userRating:desc')).toEqual(['Alpha Dawn', '5 Fingers']);
    expect(await movies('userRating=4')).toEqual(['Echo Harbour']);
    expect((await movies('sort=userRating:desc')).slice(0, 3)).toEqual([
      'Alpha Dawn',
      '5 Fingers',
      'Echo Harbour',
    ]);
    expect((await movies('sort=userRating,titleSort')).slice(-3)).toEqual([
      'Echo Harbour',
      '5 Fingers',
      'Alpha Dawn',
    ]);
    expect(
      (await rejection(`/library/sections/${library.showSection}/all?episode.userRating=1`)).status,
    ).toBe(400);
    for (const title of ['Alpha Dawn', 'Echo Harbour', '5 Fingers']) await rate(title, -1);
    expect(await movies('userRating>>=0')).toEqual([]);
  });

  it('dates: epoch seconds, YYYY-MM-DD and relative (-1d)', async () => {
    expect(await movies('addedAt>>=1300000000&sort=addedAt')).toEqual(['Echo Harbour', '5 Fingers', 'Émile']);
    expect(await movies('addedAt<<=2002-01-01&sort=addedAt')).toEqual(['Alpha Dawn']);
    expect(await movies('addedAt>>=-1d')).toEqual(['Émile']);
  });

  it('type= picks what is listed; an unknown type is refused', async () => {
    const episodes = await shows('type=4');
    expect(episodes).toEqual(['Pilot', 'Second Wind', 'Return', 'Stripes', 'Echo Valley']);
    expect(await shows('type=4&title=echo')).toEqual(['Echo Valley']);
    expect(await movies('type=4')).toEqual([]);
    expect((await rejection(`/library/sections/${library.movieSection}/all?type=7`)).status).toBe(400);
  });

  it('sorts each field both ways, several fields at once, with a libtype prefix', async () => {
    const both = async (field: string, ascending: string[]) => {
      expect(await movies(`sort=${field}`), field).toEqual(ascending);
      expect(await movies(`sort=${field}:asc`), `${field}:asc`).toEqual(ascending);
      expect(await movies(`sort=${field}:desc`), `${field}:desc`).toEqual([...ascending].reverse());
    };
    await both('titleSort', [
      '5 Fingers',
      'Alpha Dawn',
      'Bravo Echo',
      'Charlie Frost',
      'The Delta Glow',
      'Echo Harbour',
      'Émile',
    ]);
    await both('title', [
      '5 Fingers',
      'Alpha Dawn',
      'Bravo Echo',
      'Charlie Frost',
      'Echo Harbour',
      'The Delta Glow',
      'Émile',
    ]);
    await both('addedAt', [
      'Alpha Dawn',
      'Bravo Echo',
      'Charlie Frost',
      'The Delta Glow',
      'Echo Harbour',
      '5 Fingers',
      'Émile',
    ]);
    await both('year', [
      'Émile',
      'Alpha Dawn',
      'The Delta Glow',
      'Bravo Echo',
      'Charlie Frost',
      '5 Fingers',
      'Echo Harbour',
    ]);
    await both('originallyAvailableAt', [
      'Émile',
      'Alpha Dawn',
      'The Delta Glow',
      'Bravo Echo',
      'Charlie Frost',
      '5 Fingers',
      'Echo Harbour',
    ]);
    await both('duration', [
      'Émile',
      'The Delta Glow',
      'Alpha Dawn',
      '5 Fingers',
      'Charlie Frost',
      'Bravo Echo',
      'Echo Harbour',
    ]);

    // Per account: most watched and most recently watched first.
    expect((await movies('sort=viewCount:desc')).slice(0, 1)).toEqual(['Bravo Echo']);
    expect((await movies('sort=viewCount')).slice(-1)).toEqual(['Bravo Echo']);
    expect((await movies('sort=lastViewedAt:desc,titleSort')).slice(0, 2).sort()).toEqual([
      'Bravo Echo',
      'Charlie Frost',
    ]);
    expect((await movies('sort=lastViewedAt,titleSort')).slice(0, 2)).toEqual(['5 Fingers', 'Alpha Dawn']);

    // Several keys: year descending, then title; python-plexapi's `movie.` prefix.
    expect(await movies('year>>=2000&sort=year:desc,titleSort')).toEqual([
      'Echo Harbour',
      '5 Fingers',
      'Charlie Frost',
      'Bravo Echo',
    ]);
    expect(await movies('sort=movie.titleSort:desc&limit=2')).toEqual(['Émile', 'Echo Harbour']);

    // Shows by their newest episode (@ctrl/plex's recentlyAdded sort) versus by their own addedAt.
    expect(await shows('sort=episode.addedAt:desc')).toEqual(['Zebra Crossing', 'Aardvark Street']);
    expect(await shows('sort=episode.addedAt')).toEqual(['Aardvark Street', 'Zebra Crossing']);
    expect(await shows('sort=addedAt:desc')).toEqual(['Aardvark Street', 'Zebra Crossing']);
    expect(await shows('type=4&sort=episode.addedAt:desc&limit=2')).toEqual(['Echo Valley', 'Stripes']);
  });

  it('filter, sort and paging together: the total and headers count what matches', async () => {
    const path = `/library/sections/${library.movieSection}/all?year>>=2000&sort=year:desc&X-Plex-Container-Start=1&X-Plex-Container-Size=2`;
    const response = await request(path);
    expect(response.headers.get('x-plex-container-total-size')).toBe('4');
    expect(response.headers.get('x-plex-container-start')).toBe('1');
    const page = ((await response.json()) as { MediaContainer: Listing }).MediaContainer;
    expect(page).toMatchObject({ size: 2, offset: 1, totalSize: 4 });
    expect(page.Metadata?.map((m) => m.title)).toEqual(['5 Fingers', 'Charlie Frost']);
    // Size 0: only the total. limit= caps it.
    expect(
      await listing(`/library/sections/${library.movieSection}/all?unwatched=1&X-Plex-Container-Size=0`),
    ).toMatchObject({
      size: 0,
      totalSize: 6,
    });
    expect(await listing(`/library/sections/${library.movieSection}/all?unwatched=1&limit=4`)).toMatchObject({
      size: 4,
      totalSize: 4,
    });
  });

  it('answers 400 naming what it does not know, never the whole list', async () => {
    const all = `/library/sections/${library.movieSection}/all`;
    const cases: [string, string][] = [
      ['studio=Comedy', 'studio'],
      ['genre>>=Comedy', 'genre'],
      ['rating>>=7', 'rating'],
      ['bogus=1', 'bogus'],
      ['show.title=x', 'show.title'],
      ['year>>=soon', 'soon'],
      ['title>>=a', '>>='],
      ['unwatched=maybe', 'maybe'],
      ['addedAt=5', 'addedAt'],
      ['sort=rating', 'rating'],
      ['sort=titleSort:sideways', 'sideways'],
      ['sort=episode.addedAt', 'episode.addedAt'],
      ['push=1&year=2000&pop=1', 'advanced'],
      [`title=${'a,'.repeat(100)}a`, 'at most 100'],
      ['sort=year,title,year,title,year,title,year,title,year', 'at most 8'],
    ];
    for (const [query, named] of cases) {
      const { status, message } = await rejection(`${all}?${query}`);
      expect(status, query).toBe(400);
      expect(message, query).toContain(named);
    }
    // What is not a filter is not refused: paging, X-Plex values, response flags, @ctrl/plex's extras.
    expect(
      await movies(
        'includeGuids=1&includeMeta=1&checkFiles=1&X-Plex-Product=x&libtype=movie&maxresults=5&year=2005',
      ),
    ).toEqual(['Bravo Echo']);
  });

  it('applies filters on allLeaves and the section search too', async () => {
    const leaves = await listing(`/library/sections/${library.showSection}/allLeaves?unwatched=1`);
    expect(leaves.Metadata?.map((m) => m.title)).toEqual(['Pilot', 'Second Wind', 'Return']);
    const found = await listing(`/library/sections/${library.movieSection}/search?query=echo&year>>=2010`);
    expect(found.Metadata?.map((m) => m.title)).toEqual(['Echo Harbour']);
  });
});

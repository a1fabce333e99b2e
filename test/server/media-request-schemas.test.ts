import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import type { PlexErrorBody } from '../../src/protocol/plex-account';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { linkTv } from './helpers';

// The media server's older routes (library, playback, root) declare their params and queries as JSON schemas:
// a malformed id or value is Plex's 400 with a sentence naming the field, from the media server's scope,
// before any handler; good input, with the X-Plex-* and other values clients add, is answered as before.
// Bodies are dropped as PMS drops them (an empty JSON body is no error), except a POSTed timeline's.

let media: MediaFixture;
let server: TestServer;
let token: string;
let movieSection: string;
let movieKey: string;
let showKey: string;
let partId: number;

interface Answer {
  status: number;
  body: (PlexErrorBody & { MediaContainer?: Record<string, unknown> }) | null;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { Accept: 'application/json', 'X-Plex-Token': token, ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function metadataOf(answer: Answer): PlexMetadata[] {
  return (answer.body?.MediaContainer?.Metadata ?? []) as PlexMetadata[];
}

function badRequest(message: string): Answer {
  return { status: 400, body: { errors: [{ code: 1031, message, status: 400 }] } };
}

/** What clients add to every request: must never be refused. */
const CLIENT_VALUES =
  'X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=abc-123&X-Plex-Platform=Chrome&includeGuids=1';

const JSON_TYPE = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  media = await createMediaFixture('marquee-media-schemas-');
  await media.add('Movies/Amber Road (2001)/Amber Road (2001).mp4', 'mp4-2s');
  await media.add('TV Shows/Night Watch/Season 01/Night Watch - S01E01 - First Shift.mp4');
  server = await startMediaServer(media.dir);
  token = (await linkTv(server.url)).token;
  const sections = (await call('/library/sections')).body?.MediaContainer?.Directory as PlexSection[];
  movieSection = sections.find((section) => section.type === 'movie')?.key ?? '';
  const showSection = sections.find((section) => section.type === 'show')?.key ?? '';
  movieKey = metadataOf(await call(`/library/sections/${movieSection}/all`))[0].ratingKey;
  showKey = metadataOf(await call(`/library/sections/${showSection}/all`))[0].ratingKey;
  const [movie] = metadataOf(await call(`/library/metadata/${movieKey}`));
  partId = movie.Media?.[0]?.Part?.[0]?.id as number;
});

afterAll(async () => {
  await server?.close();
  await media?.remove();
});

describe('library routes', () => {
  it('answer a malformed id with 400 naming it; a well-formed unknown id stays 404', async () => {
    for (const path of [
      '/library/sections/abc',
      '/library/sections/abc/all',
      '/library/sections/1x/recentlyAdded',
      '/library/sections/abc/refresh',
    ]) {
      expect(await call(path), path).toEqual(badRequest('The section id is not valid.'));
    }
    for (const path of [
      '/library/metadata/12x',
      `/library/metadata/${movieKey},x`,
      '/library/metadata/abc/children',
      '/library/metadata/abc/allLeaves',
      '/library/metadata/abc/thumb/1700000000',
      '/library/metadata/abc/art',
    ]) {
      expect(await call(path), path).toEqual(badRequest('The item id is not valid.'));
    }
    for (const path of [
      '/library/metadata/999999',
      '/library/metadata/999999/children',
      '/library/sections/999',
    ]) {
      expect((await call(path)).status, path).toBe(404);
    }
    // The token is checked first: without one, a malformed id is still 401.
    const anonymous = await fetch(`${server.url}/library/metadata/abc`, {
      headers: { Accept: 'application/json' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('answer a bad query value with 400 naming it', async () => {
    const cases: [string, string][] = [
      [`/library/sections/${movieSection}/all?type=movie`, 'type is not valid.'],
      [`/library/metadata/${showKey}/children?excludeAllLeaves=yes`, 'excludeAllLeaves must be 0 or 1.'],
      ['/hubs?count=many', 'count must be an integer.'],
      ['/hubs?count=0', 'count must be at least 1.'],
      ['/hubs/search?query=a&limit=ten', 'limit must be an integer.'],
      ['/hubs/search?query=a&query=b', 'query must be given once, as text.'],
      // A section's search reads its text through its schema too (it listed every item for a repeated one).
      [`/library/sections/${movieSection}/search?query=a&query=b`, 'query must be given once, as text.'],
      [`/library/sections/${movieSection}/search?query=a&limit=ten`, 'limit is not valid.'],
    ];
    for (const [path, message] of cases) expect(await call(path), path).toEqual(badRequest(message));
  });

  it('answer good input as before, whatever else the client adds to the query', async () => {
    const found = await call(`/library/sections/${movieSection}/search?query=%20amber%20&${CLIENT_VALUES}`);
    expect(metadataOf(found).map((item) => item.title)).toEqual(['Amber Road']);
    expect(found.body?.MediaContainer?.title2).toBe('Search');
    const one = await call(`/library/metadata/${movieKey}?${CLIENT_VALUES}&checkFiles=1`);
    expect(one.status).toBe(200);
    expect(metadataOf(one).map((item) => item.title)).toEqual(['Amber Road']);
    const both = await call(`/library/metadata/${showKey},${movieKey}?${CLIENT_VALUES}`);
    expect(metadataOf(both).map((item) => item.ratingKey)).toEqual([showKey, movieKey]);
    // excludeAllLeaves=1 leaves out the "All episodes" entry, 0 (or none) keeps it.
    const without = await call(`/library/metadata/${showKey}/children?excludeAllLeaves=1&${CLIENT_VALUES}`);
    expect(without.body?.MediaContainer?.Directory).toBeUndefined();
    const withAll = await call(`/library/metadata/${showKey}/children?excludeAllLeaves=0`);
    expect(withAll.body?.MediaContainer?.Directory).toHaveLength(1);
    // A count above the most a hub holds is still answered (as many as there are, at most 100).
    const hubs = await call(`/hubs?count=500&${CLIENT_VALUES}`);
    expect(hubs.status).toBe(200);
    const search = await call(`/hubs/search?query=amber&limit=3&${CLIENT_VALUES}`);
    expect(search.status).toBe(200);
    const all = await call(`/library/sections/${movieSection}/all?type=1&sort=titleSort&${CLIENT_VALUES}`);
    expect(all.body?.MediaContainer?.size).toBe(1);
  });

  it('/photo/:/transcode names a bad or missing size, and a flag that is not 0 or 1', async () => {
    const url = encodeURIComponent(`/library/metadata/${movieKey}/thumb/1`);
    expect(await call(`/photo/:/transcode?url=${url}&width=wide&height=50`)).toEqual(
      badRequest('width must be an integer.'),
    );
    expect(await call(`/photo/:/transcode?url=${url}&width=50`)).toEqual(badRequest('height is missing.'));
    expect(await call(`/photo/:/transcode?url=${url}&width=50&height=50&minSize=yes`)).toEqual(
      badRequest('minSize must be 0 or 1.'),
    );
    expect(await call('/photo/:/transcode?width=50&height=50')).toEqual(badRequest('url is missing.'));
  });
});

describe('playback routes', () => {
  const profile = new URLSearchParams(profileToQuery(DEFAULT_PROFILE)).toString();
  const universal = (route: string, query: string) =>
    `/video/:/transcode/universal/${route}?${query}&${profile}&${CLIENT_VALUES}`;

  it('answer a malformed part, stream or session id with 400 naming it', async () => {
    expect(await call('/library/parts/abc/1700000000/file.mp4')).toEqual(
      badRequest('The part id is not valid.'),
    );
    expect(await call('/library/parts/abc?audioStreamID=1', { method: 'PUT' })).toEqual(
      badRequest('The part id is not valid.'),
    );
    expect(await call('/library/streams/abc')).toEqual(badRequest('The stream id is not valid.'));
    expect(await call('/video/:/transcode/universal/session/bad.id/base/index.m3u8')).toEqual(
      badRequest('The session id is not valid.'),
    );
    // Well-formed but unknown: 404.
    expect((await call('/library/streams/12')).status).toBe(404);
    expect((await call('/library/parts/999999/1700000000/file.mp4')).status).toBe(404);
  });

  it('answer a bad query value with 400 naming it', async () => {
    const path = `/library/metadata/${movieKey}`;
    const cases: [string, string][] = [
      [`/library/parts/${partId}?audioStreamID=first`, 'audioStreamID is not valid.'],
      [universal('decision', 'path=/etc/passwd&session=s1'), 'path is not valid.'],
      [universal('decision', `path=${path}&session=../s1`), 'session is not valid.'],
      [universal('decision', `path=${path}&session=s1&directPlay=yes`), 'directPlay must be 0 or 1.'],
      [
        universal('decision', `path=${path}&session=s1&subtitleStreamID=none`),
        'subtitleStreamID is not valid.',
      ],
      [universal('start.m3u8', `path=${path}&session=s1&offset=soon`), 'offset must be a number.'],
      [universal('start.m3u8', `path=${path}&session=s1&offset=-1`), 'offset must be at least 0.'],
      [universal('ping', 'session=a/b'), 'session is not valid.'],
    ];
    for (const [url, message] of cases) {
      const method = url.startsWith('/library/parts/') ? 'PUT' : 'GET';
      expect(await call(url, { method }), url).toEqual(badRequest(message));
    }
  });

  it('answer good input as before: a decision with client values; a colon other than `:` is 404', async () => {
    const path = `/library/metadata/${movieKey}`;
    const decision = await call(
      universal('decision', `path=${encodeURIComponent(path)}&session=good-1&hasMDE=1`),
    );
    expect(decision.status).toBe(200);
    expect(decision.body?.MediaContainer).toMatchObject({ generalDecisionCode: 1000, mdeDecisionCode: 1000 });
    // The same by transcodeSessionId (plexjs), with an empty `session` taken as none.
    const byOtherName = await call(universal('decision', `path=${path}&session=&transcodeSessionId=good-2`));
    expect(byOtherName.status).toBe(200);
    const noSession = await call(universal('decision', `path=${path}`));
    expect(noSession).toEqual({
      status: 400,
      body: { errors: [{ code: 1040, message: 'session is missing or not valid', status: 400 }] },
    });
    expect((await call(`/video/x/transcode/universal/decision?path=${path}&session=good-3`)).status).toBe(
      404,
    );
    expect((await call(universal('stop', 'session=good-1'))).status).toBe(200);
    expect((await call(universal('stop', 'session=good-2'))).status).toBe(200);
  });
});

describe('root routes', () => {
  it('/:/prefs answers with the colon spelled %3A too, and 404 for another segment', async () => {
    expect((await call('/%3A/prefs')).status).toBe(200);
    expect((await call('/x/prefs')).status).toBe(404);
  });
});

describe('the `:` segment of /:/… routes', () => {
  it('is 404 (Plex’s not-found) when it is anything else, on every route with one, whatever the query', async () => {
    // Without their query these are 400 when the segment is `:` (first line), so a 404 says the segment was
    // told apart before the query, as an unknown path is.
    expect((await call('/:/timeline')).status).toBe(400);
    const notFound = { status: 404, body: { errors: [{ code: 1030, message: 'Not found', status: 404 }] } };
    for (const path of [
      '/x/prefs',
      '/x/timeline',
      '/x/progress',
      '/x/scrobble',
      '/x/unscrobble',
      '/x/rate',
      '/photo/x/transcode',
      '/video/x/transcode/universal/decision',
      '/video/x/transcode/universal/start.m3u8',
      '/video/x/transcode/universal/ping',
      '/video/x/transcode/universal/stop',
      '/video/x/transcode/universal/session/good-4/base/index.m3u8',
      '/video/x/transcode/universal/session/good-4/base/seg00000.ts',
      '/%3B/timeline',
    ]) {
      expect(await call(path), path).toEqual(notFound);
    }
  });
});

describe('rate and play-queue routes', () => {
  it('are answered by the media server’s one error handler, with the same sentences', async () => {
    expect(await call('/:/rate?key=x1&rating=5', { method: 'PUT' })).toEqual(badRequest('key is not valid.'));
    expect(await call('/playQueues?type=video', { method: 'POST' })).toEqual(badRequest('uri is missing.'));
    expect(await call('/playQueues/abc')).toEqual(badRequest('queueId is not valid.'));
  });
});

describe('request bodies', () => {
  it('an empty JSON body on a PUT or POST route is answered as no body', async () => {
    const routes: [string, string][] = [
      ['PUT', `/library/parts/${partId}?subtitleStreamID=0`],
      ['PUT', `/:/scrobble?key=${movieKey}`],
      ['PUT', `/:/unscrobble?key=${movieKey}`],
      ['PUT', `/library/sections/${movieSection}/refresh`],
      ['POST', `/:/timeline?ratingKey=${movieKey}&state=paused&time=500&duration=2000`],
      ['PUT', `/:/rate?key=${movieKey}&identifier=com.plexapp.plugins.library&rating=8`],
    ];
    for (const [method, path] of routes) {
      const bare = await call(path, { method });
      const emptyJson = await call(path, { method, headers: JSON_TYPE, body: '' });
      expect(bare.status, `${method} ${path}`).toBe(200);
      expect(emptyJson, `${method} ${path}`).toEqual(bare);
    }
    // A body of a type PMS would never read is dropped too.
    const text = await call(`/:/scrobble?key=${movieKey}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(200);
  });

  it('a POSTed timeline still reads its values from a JSON or form body; bad JSON is a 400', async () => {
    const json = await call('/:/timeline', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ ratingKey: movieKey, state: 'paused', time: 700, duration: 2000 }),
    });
    expect(json.status).toBe(200);
    expect(json.body?.MediaContainer).toMatchObject({ playbackState: 'paused', viewOffset: 700 });
    const form = await call('/:/timeline', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `ratingKey=${movieKey}&state=paused&time=900`,
    });
    expect(form.body?.MediaContainer).toMatchObject({ playbackState: 'paused', viewOffset: 900 });
    const broken = await call('/:/timeline', { method: 'POST', headers: JSON_TYPE, body: '{"ratingKey":' });
    expect(broken.status).toBe(400);
    expect(broken.body?.errors?.[0]).toMatchObject({ status: 400 });
  });
});

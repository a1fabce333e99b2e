import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPlexXml } from '../../src/server/media/plex-answer';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { childrenNamed, parseXml, type XmlElement } from '../support/plex-xml';
import { linkTv } from './helpers';

// The media server answers as a real PMS does (docs/protocol.md#answer-format): XML unless the request asks for
// JSON, with PMS's exact Content-Types, from the same objects; and the routes clients start from.

const XML_TYPE = 'text/xml;charset=utf-8';
const JSON_TYPE = 'application/json';
/** A title with every character XML must escape, from an .nfo (where it is written escaped itself). */
const ODD_TITLE = `Fish & Chips <"Deluxe"> 'Special'`;
const ODD_SUMMARY = 'First line.\nSecond line.';

interface JsonItem {
  ratingKey: string;
  title: string;
  type: string;
  [field: string]: unknown;
}

describe('media server answer format', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  let moviesKey: string;
  let showsKey: string;

  const get = (path: string, accept?: string, withToken = true) => {
    const headers: Record<string, string> = {};
    if (accept !== undefined) headers.Accept = accept;
    if (withToken) headers['X-Plex-Token'] = token;
    return fetch(`${server.url}${path}`, { headers });
  };
  const getJson = async <T>(path: string): Promise<T> => {
    const response = await get(path, 'application/json');
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const getXml = async (path: string, accept?: string): Promise<XmlElement> => {
    const response = await get(path, accept);
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type'), path).toBe(XML_TYPE);
    return parseXml(await response.text());
  };
  const jsonItems = async (path: string) =>
    (await getJson<{ MediaContainer: { Metadata: JsonItem[] } }>(path)).MediaContainer.Metadata;

  beforeAll(async () => {
    media = await createMediaFixture('marquee-answer-format-');
    await media.add('Movies/Big Lake (2019)/Big Lake (2019).mp4');
    await media.addText(
      'Movies/Big Lake (2019)/Big Lake (2019).nfo',
      `<movie><title>Fish &amp; Chips &lt;"Deluxe"&gt; 'Special'</title><year>2019</year>` +
        `<plot>First line.\nSecond line.</plot></movie>`,
    );
    await media.add('Movies/Copper Sky (2021)/Copper Sky (2021).mp4');
    await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E01 - First Light.mp4');
    server = await startMediaServer(media.dir);
    ({ token } = await linkTv(server.url));
    const sections = await getJson<{ MediaContainer: { Directory: { key: string; type: string }[] } }>(
      '/library/sections',
    );
    moviesKey = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key ?? '';
    showsKey = sections.MediaContainer.Directory.find((section) => section.type === 'show')?.key ?? '';
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('answers XML when the request sends no Accept, text/xml or application/xml', async () => {
    for (const accept of [undefined, 'text/xml', 'application/xml', '*/*', 'text/html;q=0.9, */*;q=0.8']) {
      const response = await get('/library/sections', accept);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type'), String(accept)).toBe(XML_TYPE);
      const text = await response.text();
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer ')).toBe(true);
      const root = parseXml(text);
      expect(root.name).toBe('MediaContainer');
      expect(root.attributes.size).toBe('2');
      const directories = childrenNamed(root, 'Directory');
      expect(directories.map((directory) => directory.attributes.type).sort()).toEqual(['movie', 'show']);
      // Nested arrays are child elements, booleans are written 1/0 as PMS writes them.
      expect(childrenNamed(directories[0], 'Location')).toHaveLength(1);
      expect(directories[0].attributes.refreshing).toMatch(/^[01]$/);
    }
  });

  it('answers JSON only for Accept: application/json, typed exactly application/json (no charset)', async () => {
    for (const accept of [
      'application/json',
      'application/json, text/plain, */*',
      'text/xml;q=0.5, application/json',
    ]) {
      const response = await get('/library/sections', accept);
      expect(response.headers.get('content-type'), accept).toBe(JSON_TYPE);
      expect((await response.json()).MediaContainer.size).toBe(2);
    }
    const refused = await get('/library/sections', 'application/json;q=0, text/xml');
    expect(refused.headers.get('content-type')).toBe(XML_TYPE);
  });

  it('writes XML from the same object as the JSON: items named by type, every scalar an attribute', async () => {
    const json = await getJson<{ MediaContainer: Record<string, unknown> & { Metadata: JsonItem[] } }>(
      `/library/sections/${moviesKey}/all`,
    );
    const xml = await getXml(`/library/sections/${moviesKey}/all`);
    for (const [field, value] of Object.entries(json.MediaContainer)) {
      if (typeof value !== 'object') expect(xml.attributes[field], field).toBe(asAttribute(value));
    }
    const videos = childrenNamed(xml, 'Video');
    expect(videos).toHaveLength(json.MediaContainer.Metadata.length);
    json.MediaContainer.Metadata.forEach((item, index) => {
      for (const [field, value] of Object.entries(item)) {
        if (value !== null && typeof value !== 'object') {
          expect(videos[index].attributes[field], `${item.title}.${field}`).toBe(asAttribute(value));
        }
      }
      // Media → Part as nested elements, as in PMS's XML.
      const [mediaElement] = childrenNamed(videos[index], 'Media');
      expect(childrenNamed(mediaElement, 'Part')).toHaveLength(1);
    });

    // Shows and seasons are Directory elements; episodes are Video.
    const shows = await getXml(`/library/sections/${showsKey}/all`);
    expect(shows.children.map((child) => child.name)).toEqual(['Directory']);
    const [show] = await jsonItems(`/library/sections/${showsKey}/all`);
    const seasons = await getXml(`/library/metadata/${show.ratingKey}/children?excludeAllLeaves=1`);
    expect(seasons.children.map((child) => [child.name, child.attributes.type])).toEqual([
      ['Directory', 'season'],
    ]);
    const episodes = await getXml(`/library/metadata/${show.ratingKey}/allLeaves`);
    expect(episodes.children.map((child) => [child.name, child.attributes.type])).toEqual([
      ['Video', 'episode'],
    ]);
  });

  it('escapes &, <, >, quotes and newlines in attributes, and the parsed value is the original text', async () => {
    const movies = await jsonItems(`/library/sections/${moviesKey}/all`);
    const odd = movies.find((movie) => movie.title === ODD_TITLE);
    expect(odd, 'the .nfo title').toBeDefined();
    const response = await get(`/library/metadata/${odd?.ratingKey}`);
    const text = await response.text();
    expect(text).toContain('title="Fish &amp; Chips &lt;&quot;Deluxe&quot;&gt; &apos;Special&apos;"');
    expect(text).toContain('summary="First line.&#xA;Second line."');
    const [video] = childrenNamed(parseXml(text), 'Video');
    expect(video.attributes.title).toBe(ODD_TITLE);
    expect(video.attributes.summary).toBe(ODD_SUMMARY);
  });

  it('answers errors in the asked format too: 401 and 404 as XML by default, JSON when asked', async () => {
    const unauthenticated = await get('/library/sections', undefined, false);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('content-type')).toBe(XML_TYPE);
    const error = parseXml(await unauthenticated.text());
    expect(error.name).toBe('errors');
    expect(error.children.map((child) => child.attributes)).toEqual([
      { code: '1001', message: 'User could not be authenticated', status: '401' },
    ]);

    const missing = await get('/library/metadata/999999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe(XML_TYPE);
    expect(parseXml(await missing.text()).children[0].attributes.status).toBe('404');

    const missingJson = await get('/library/metadata/999999', 'application/json');
    expect(missingJson.status).toBe(404);
    expect(missingJson.headers.get('content-type')).toBe(JSON_TYPE);
    expect((await missingJson.json()).errors[0].code).toBe(1030);

    // A request the route's schema refuses goes through the server's error handler: still the asked format.
    const invalid = await get('/:/timeline?ratingKey=abc&state=playing&time=1');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe(XML_TYPE);
    expect(parseXml(await invalid.text()).children[0].attributes.status).toBe('400');
  });

  it('GET / says what this server is and can do, as PMS names it', async () => {
    const identity = await getXml('/identity');
    const root = await getXml('/');
    expect(root.attributes).toMatchObject({
      machineIdentifier: identity.attributes.machineIdentifier,
      friendlyName: identity.attributes.friendlyName,
      version: identity.attributes.version,
      myPlex: '0',
      myPlexSigninState: 'none',
      ownerFeatures: '',
      transcoderVideo: '1',
      transcoderAudio: '1',
      transcoderSubtitles: '1',
      transcoderPhoto: '1',
      transcoderActiveVideoSessions: '0',
      transcoderVideoBitrates: '1000,2000,4000,8000,20000',
      transcoderVideoResolutions: '480,720,720,1080,1080',
    });
    expect(root.attributes.platform).toMatch(/\S/);
    expect(root.attributes.platformVersion).toMatch(/\S/);
    // Capabilities it lacks are not claimed.
    expect(root.attributes.allowSync).toBeUndefined();
    expect(childrenNamed(root, 'Directory').map((directory) => directory.attributes.key)).toEqual([
      'clients',
      'hubs',
      'library',
    ]);
    const json = await getJson<{ MediaContainer: Record<string, unknown> }>('/');
    expect(json.MediaContainer.ownerFeatures).toBe('');
    expect(json.MediaContainer.myPlex).toBe(false);
  });

  it('GET /library lists sections, recently added and on deck, and each of its keys answers', async () => {
    const library = await getXml('/library');
    const keys = childrenNamed(library, 'Directory').map((directory) => directory.attributes.key);
    expect(keys).toEqual(['sections', 'recentlyAdded', 'onDeck']);
    for (const key of keys) expect((await get(`/library/${key}`)).status, key).toBe(200);
  });

  it('GET /library/sections/all is /library/sections', async () => {
    expect(await getJson('/library/sections/all')).toEqual(await getJson('/library/sections'));
  });

  it('answers a path with a trailing slash as the path without it', async () => {
    const movies = await jsonItems(`/library/sections/${moviesKey}/all`);
    for (const path of [
      '/library/sections',
      '/library',
      `/library/sections/${moviesKey}/all`,
      `/library/metadata/${movies[0].ratingKey}`,
      '/',
    ]) {
      expect(await getJson(`${path}/`.replace('//', '/')), path).toEqual(await getJson(path));
    }
    const head = await fetch(`${server.url}/library/sections/`, {
      method: 'HEAD',
      headers: { 'X-Plex-Token': token },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(XML_TYPE);
    // Still no token needed for /identity/.
    expect((await get('/identity/', 'application/json', false)).status).toBe(200);
  });

  it('GET /library/metadata/{a,b} answers both items in the order asked; a malformed id is 400', async () => {
    const [first, second] = await jsonItems(`/library/sections/${moviesKey}/all`);
    const both = await jsonItems(`/library/metadata/${second.ratingKey},${first.ratingKey}`);
    expect(both.map((item) => item.ratingKey)).toEqual([second.ratingKey, first.ratingKey]);
    const xml = await getXml(`/library/metadata/${first.ratingKey},${second.ratingKey}`);
    expect(childrenNamed(xml, 'Video').map((video) => video.attributes.ratingKey)).toEqual([
      first.ratingKey,
      second.ratingKey,
    ]);
    expect((await get('/library/metadata/abc', 'application/json')).status).toBe(400);
    expect((await get(`/library/metadata/${first.ratingKey},abc`, 'application/json')).status).toBe(400);
    expect((await get(`/library/metadata/${first.ratingKey},,`, 'application/json')).status).toBe(400);
    // Well-formed but unknown: 404 (one unknown id among known ones is left out).
    expect((await get('/library/metadata/999999,999998', 'application/json')).status).toBe(404);
  });

  it('GET /clients lists no players and /:/prefs the server name', async () => {
    const clients = await get('/clients');
    expect(clients.headers.get('content-type')).toBe(XML_TYPE);
    expect(await clients.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="0" />\n',
    );
    const identity = await getJson<{ MediaContainer: { friendlyName: string } }>('/identity');
    const prefs = await getXml('/:/prefs');
    expect(childrenNamed(prefs, 'Setting').map((setting) => setting.attributes)).toEqual([
      expect.objectContaining({
        id: 'FriendlyName',
        type: 'text',
        value: identity.MediaContainer.friendlyName,
        hidden: '0',
      }),
    ]);
  });
});

/** A JSON scalar as PMS writes it in an XML attribute. */
function asAttribute(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

describe('toPlexXml', () => {
  it('drops characters XML cannot carry and keeps every other character', () => {
    const xml = toPlexXml({
      MediaContainer: {
        size: 1,
        Metadata: [{ type: 'movie', title: 'A\u0001B\u0085C\uD800D😀E\tF', year: 2001 }],
      },
    });
    const [video] = childrenNamed(parseXml(xml), 'Video');
    expect(video.attributes.title).toBe('ABCD😀E\tF');
    expect(xml).toContain('title="ABCD😀E&#x9;F"');
  });

  it('names items as PMS does and writes nested objects, scalar lists and booleans', () => {
    const xml = toPlexXml({
      MediaContainer: {
        size: 5,
        allowSync: false,
        missing: null,
        Metadata: [
          { type: 'episode', ratingKey: '1' },
          { type: 'season', ratingKey: '2' },
          { type: 'track', ratingKey: '3' },
          { type: 'photo', ratingKey: '4' },
          { ratingKey: '5', Media: [{ id: 1 }], Player: { state: 'playing', local: true }, tags: ['a', 'b'] },
        ],
      },
    });
    const root = parseXml(xml);
    expect(root.attributes).toEqual({ size: '5', allowSync: '0' });
    expect(root.children.map((child) => child.name)).toEqual([
      'Video',
      'Directory',
      'Track',
      'Photo',
      'Video',
    ]);
    const last = root.children[4];
    expect(last.attributes).toEqual({ ratingKey: '5', tags: 'a,b' });
    expect(last.children.map((child) => [child.name, child.attributes])).toEqual([
      ['Media', { id: '1' }],
      ['Player', { state: 'playing', local: '1' }],
    ]);
  });

  it("writes Plex's error body as <errors><error/></errors>", () => {
    const root = parseXml(toPlexXml({ errors: [{ code: 1030, message: 'Not found', status: 404 }] }));
    expect(root.name).toBe('errors');
    expect(root.children).toEqual([
      { name: 'error', attributes: { code: '1030', message: 'Not found', status: '404' }, children: [] },
    ]);
  });
});

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalLanguage, plexLanguage, sameLanguage } from '../../src/protocol/language';
import type { PlexMetadata, PlexStream } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { makeMultiTrackMovie } from '../support/tiny-media';
import { getWithToken, linkTv, newTv, plexQuery } from './helpers';

// Fields as PMS shows them (docs/protocol.md#stream-languages, docs/protocol.md#part-file), over real HTTP on a
// scanned real file: a stream's language as an English name with its 639-2/T code and BCP-47 tag, and Part.file
// as the absolute path for the server's owner only.

const FILM = 'Movies/Two Tongues (2020)/Two Tongues (2020).mkv';
const SHARED_USER = 'sharedviewer';
const SHARED_PASSWORD = 'shared-viewer-password';

describe('metadata fields as PMS shows them', () => {
  let media: MediaFixture;
  let server: TestServer;
  let ownerToken: string;
  let sharedToken: string;

  beforeAll(async () => {
    media = await createMediaFixture();
    await mkdir(dirname(join(media.dir, FILM)), { recursive: true });
    await makeMultiTrackMovie(join(media.dir, FILM), { seconds: 2 });
    await media.add('Movies/Plain (2019)/Plain (2019).mp4');
    server = await startMediaServer(media.dir);
    ownerToken = (await linkTv(server.url)).token;
    // Another account of this server (not its owner), signed in through the account API.
    expect((await new LinkBrowser(server.url).signUp(SHARED_USER, SHARED_PASSWORD)).status).toBe(303);
    const signIn = await fetch(
      `${server.url}/api/v2/users/signin?${plexQuery({ clientIdentifier: newTv().clientIdentifier })}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ login: SHARED_USER, password: SHARED_PASSWORD }).toString(),
      },
    );
    sharedToken = ((await signIn.json()) as { authToken: string }).authToken;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  async function metadataOf(path: string, token: string): Promise<PlexMetadata[]> {
    const response = await getWithToken(server.url, path, token);
    expect(response.status).toBe(200);
    return ((await response.json()) as { MediaContainer: { Metadata?: PlexMetadata[] } }).MediaContainer
      .Metadata as PlexMetadata[];
  }

  async function film(token: string): Promise<PlexMetadata> {
    const [section] = (
      (await (await getWithToken(server.url, '/library/sections', token)).json()) as {
        MediaContainer: { Directory: { key: string; type: string }[] };
      }
    ).MediaContainer.Directory.filter((directory) => directory.type === 'movie');
    const listed = await metadataOf(`/library/sections/${section.key}/all`, token);
    const item = listed.find((entry) => entry.title === 'Two Tongues') as PlexMetadata;
    expect(item).toBeDefined();
    return item;
  }

  it('names each audio and subtitle language in English, with its 639-2/T code and BCP-47 tag', async () => {
    const { ratingKey } = await film(ownerToken);
    const [detail] = await metadataOf(`/library/metadata/${ratingKey}`, ownerToken);
    const streams = detail.Media?.[0].Part[0].Stream as PlexStream[];
    const named = streams
      .filter((stream) => stream.streamType !== 1)
      .map(({ streamType, language, languageCode, languageTag, displayTitle }) => ({
        streamType,
        language,
        languageCode,
        languageTag,
        displayTitle,
      }));
    // The file says "eng" and "fre" (Matroska's bibliographic code); PMS sends the terminologic "fra".
    expect(named).toEqual([
      {
        streamType: 2,
        language: 'English',
        languageCode: 'eng',
        languageTag: 'en',
        displayTitle: 'English (AC3 5.1)',
      },
      {
        streamType: 2,
        language: 'French',
        languageCode: 'fra',
        languageTag: 'fr',
        displayTitle: 'French (AAC Stereo)',
      },
      {
        streamType: 3,
        language: 'English',
        languageCode: 'eng',
        languageTag: 'en',
        displayTitle: 'English (SRT)',
      },
      {
        streamType: 3,
        language: 'French',
        languageCode: 'fra',
        languageTag: 'fr',
        displayTitle: 'French (SRT)',
      },
    ]);
    // The video stream has no language in this file: none is made up.
    expect(streams.find((stream) => stream.streamType === 1)).not.toHaveProperty('language');
  });

  it('shows Part.file as the absolute path to the owner, in lists and in the detail', async () => {
    const listed = await film(ownerToken);
    expect(listed.Media?.[0].Part[0].file).toBe(join(media.dir, FILM));
    const [detail] = await metadataOf(`/library/metadata/${listed.ratingKey}`, ownerToken);
    expect(detail.Media?.[0].Part[0].file).toBe(join(media.dir, FILM));
  });

  it('gives another account of the server no Part.file, and everything else the same', async () => {
    const listed = await film(sharedToken);
    const part = listed.Media?.[0].Part[0];
    expect(part).not.toHaveProperty('file');
    expect(part?.key).toMatch(/^\/library\/parts\/\d+\/\d+\/file\.mkv$/);
    const [detail] = await metadataOf(`/library/metadata/${listed.ratingKey}`, sharedToken);
    expect(detail.Media?.[0].Part[0]).not.toHaveProperty('file');
    expect(detail.Media?.[0].Part[0].Stream?.length).toBe(5);
    // Searching and the home hubs do not leak it either.
    const search = (await (
      await getWithToken(server.url, '/hubs/search?query=tongues', sharedToken)
    ).json()) as { MediaContainer: { Hub: { Metadata?: PlexMetadata[] }[] } };
    const found = search.MediaContainer.Hub.flatMap((hub) => hub.Metadata ?? []);
    expect(found.map((item) => item.title)).toContain('Two Tongues');
    for (const item of found) expect(item.Media?.[0].Part[0]).not.toHaveProperty('file');
  });

  it('shows Part.file to the owner in a play queue, a decision and /status/sessions, and not to another account', async () => {
    const machineIdentifier = (
      (await (await getWithToken(server.url, '/identity', ownerToken)).json()) as {
        MediaContainer: { machineIdentifier: string };
      }
    ).MediaContainer.machineIdentifier;
    const send = async (method: string, path: string, token: string) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { Accept: 'application/json', 'X-Plex-Token': token },
      });
      expect(response.status, path).toBe(200);
      return ((await response.json()) as { MediaContainer: { Metadata?: PlexMetadata[] } }).MediaContainer
        .Metadata as PlexMetadata[];
    };
    const partFiles = async (token: string, who: string) => {
      const { ratingKey } = await film(token);
      const uri = encodeURIComponent(
        `server://${machineIdentifier}/com.plexapp.plugins.library/library/metadata/${ratingKey}`,
      );
      const [queued] = await send('POST', `/playQueues?type=video&uri=${uri}`, token);
      const session = `part-file-${who}`;
      const [decided] = await send(
        'GET',
        `/video/:/transcode/universal/decision?path=/library/metadata/${ratingKey}&session=${session}`,
        token,
      );
      await send(
        'GET',
        `/:/timeline?ratingKey=${ratingKey}&key=/library/metadata/${ratingKey}&state=paused&time=500&duration=2000&X-Plex-Session-Identifier=${session}`,
        token,
      );
      const playing = (await send('GET', '/status/sessions', token)).find(
        (item) => item.ratingKey === ratingKey,
      );
      expect(playing, who).toBeDefined();
      return [queued, decided, playing].map((item) => item?.Media?.[0].Part[0].file);
    };
    const path = join(media.dir, FILM);
    expect(await partFiles(ownerToken, 'owner')).toEqual([path, path, path]);
    expect(await partFiles(sharedToken, 'shared')).toEqual([undefined, undefined, undefined]);
  });

  it('says the same in XML, the answer for a client that sends no Accept header', async () => {
    const { ratingKey } = await film(ownerToken);
    const xmlFor = async (token: string) => {
      const response = await fetch(`${server.url}/library/metadata/${ratingKey}`, {
        headers: { 'X-Plex-Token': token },
      });
      expect(response.headers.get('content-type')).toMatch(/xml/);
      return response.text();
    };
    const owner = await xmlFor(ownerToken);
    const french = owner.match(/<Stream [^>]*language="French"[^>]*>/g) ?? [];
    expect(french.length).toBe(2); // the French audio and the French subtitles
    for (const element of french)
      expect(element).toMatch(/languageCode="fra".*languageTag="fr"|languageTag="fr".*languageCode="fra"/);
    expect(owner).toContain(`file="${join(media.dir, FILM)}"`);
    const shared = await xmlFor(sharedToken);
    expect(shared).toMatch(/<Part [^>]*key="\/library\/parts\//);
    expect(shared).not.toMatch(/<Part [^>]*file=/);
  });
});

describe('plexLanguage', () => {
  it('maps 639-1, both 639-2 spellings and regions to PMS fields; an unknown code passes as it is', () => {
    expect(plexLanguage('fre')).toEqual({ language: 'French', languageCode: 'fra', languageTag: 'fr' });
    expect(plexLanguage('fra')).toEqual(plexLanguage('fre'));
    expect(plexLanguage('fr')).toEqual(plexLanguage('fre'));
    expect(plexLanguage('en-US')).toEqual({ language: 'English', languageCode: 'eng', languageTag: 'en' });
    expect(plexLanguage('ger')).toEqual({ language: 'German', languageCode: 'deu', languageTag: 'de' });
    expect(plexLanguage('tlh')).toEqual({ language: 'tlh', languageCode: 'tlh', languageTag: 'tlh' });
  });

  it('compares a PMS name with a code (a server that sends "French" and a choice kept as "fr")', () => {
    expect(normalLanguage('French')).toBe('fr');
    expect(sameLanguage('French', 'fre')).toBe(true);
    expect(sameLanguage('English', 'fr')).toBe(false);
  });
});

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { getWithToken, linkTv } from '../server/helpers';
import { startMediaServer, type TestServer } from './home-server';
import { createMediaFixture, type MediaFixture } from './media-fixtures';

// The playback tests' setup and questions: one movie file made for the test, a home server that scanned it and
// a linked TV (movieServerFixture); the movie found by title as a TV finds it, and the universal decision for
// it as a browser asks it (src/server/media/playback/playback-routes.ts).

/** A stream as the decision and item details list it (the fields the tests read). */
export interface WireStream {
  id: number;
  streamType: number;
  codec?: string;
  language?: string;
  languageCode?: string;
  forced?: boolean;
  selected?: boolean;
  decision?: string;
  location?: string;
  key?: string;
  displayTitle?: string;
}

/** Stream types in a Part's Stream list. */
export const VIDEO = 1;
export const AUDIO = 2;
export const SUBTITLE = 3;

/** The query a browser sends with a decision: the default profile's codecs and limits. */
export const BROWSER_QUERY = new URLSearchParams(profileToQuery(DEFAULT_PROFILE)).toString();

export interface FoundMovie {
  ratingKey: string;
  /** Its first part's id (a stream's id is partId × 1000 + its index in the file). */
  partId: number;
}

/** The movie titled `title` in the first movie section: /library/sections, then that section's /all. */
export async function findMovie(url: string, token: string, title: string): Promise<FoundMovie> {
  const sections = (await (await getWithToken(url, '/library/sections', token)).json()) as {
    MediaContainer: { Directory: PlexSection[] };
  };
  const key = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key;
  const all = (await (await getWithToken(url, `/library/sections/${key}/all`, token)).json()) as {
    MediaContainer: { Metadata: PlexMetadata[] };
  };
  const item = all.MediaContainer.Metadata.find((candidate) => candidate.title === title);
  return { ratingKey: item?.ratingKey ?? '', partId: Number(item?.Media?.[0]?.Part?.[0]?.id) };
}

export interface Decision {
  /** The answer's MediaContainer. */
  container: Record<string, unknown>;
  /** The Part it plays, with its Stream list. */
  part: Record<string, unknown> & { Stream: WireStream[] };
  audio: WireStream[];
  subtitles: WireStream[];
}

/** The decision for playing `ratingKey` in `session` as a browser; `extra` is more query (`&audioStreamID=…`). */
export async function decide(
  url: string,
  token: string,
  ratingKey: string,
  session: string,
  extra = '',
): Promise<Decision> {
  const response = await getWithToken(
    url,
    `/video/:/transcode/universal/decision?path=/library/metadata/${ratingKey}&session=${session}&${BROWSER_QUERY}${extra}`,
    token,
  );
  expect(response.status).toBe(200);
  const container = (await response.json()).MediaContainer;
  const part = container.Metadata[0].Media[0].Part[0];
  const streams = part.Stream as WireStream[];
  return {
    container,
    part,
    audio: streams.filter((stream) => stream.streamType === AUDIO),
    subtitles: streams.filter((stream) => stream.streamType === SUBTITLE),
  };
}

export interface MovieServerOptions {
  /** Prefix of the media folder's temporary name. */
  prefix: string;
  /** The movie file, relative to the media folder (`Movies/Title (Year)/Title (Year).mkv`). */
  file: string;
  /** Its title as the scanner reads it from the file name. */
  title: string;
  /** Writes the movie (and anything beside it) at `path`, whose folder exists. */
  make: (path: string) => Promise<unknown>;
}

export interface MovieServerFixture {
  readonly media: MediaFixture;
  readonly server: TestServer;
  /** A linked TV's token. */
  readonly token: string;
  readonly ratingKey: string;
  readonly partId: number;
  /** The decision for the movie in `session` (see decide()). */
  decide(session: string, extra?: string): Promise<Decision>;
}

/**
 * One movie in a media folder, a home server that has scanned it and a linked TV, for the calling test file
 * (or describe block): made before its first test, the server closed and the folder removed after its last.
 */
export function movieServerFixture({ prefix, file, title, make }: MovieServerOptions): MovieServerFixture {
  let ready: Omit<MovieServerFixture, 'decide'> | null = null;
  let media: MediaFixture | null = null;
  let server: TestServer | null = null;
  beforeAll(async () => {
    media = await createMediaFixture(prefix);
    const path = join(media.dir, file);
    await mkdir(dirname(path), { recursive: true });
    await make(path);
    server = await startMediaServer(media.dir);
    const token = (await linkTv(server.url)).token;
    ready = { media, server, token, ...(await findMovie(server.url, token, title)) };
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });
  const get = () => {
    if (!ready) throw new Error('movieServerFixture(): not set up yet (use it inside hooks or tests)');
    return ready;
  };
  return {
    get media() {
      return get().media;
    },
    get server() {
      return get().server;
    },
    get token() {
      return get().token;
    },
    get ratingKey() {
      return get().ratingKey;
    },
    get partId() {
      return get().partId;
    },
    decide: (session, extra = '') => decide(get().server.url, get().token, get().ratingKey, session, extra),
  };
}

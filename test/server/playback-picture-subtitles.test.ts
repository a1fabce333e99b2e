import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { grayFrame, makePictureSubtitledMovie } from '../support/picture-subtitles';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

// Picture subtitles (PGS, VobSub) chosen are burned into the picture: the video is converted with the
// subtitle's bitmaps overlaid, scaled from their own canvas to the video. The file: a black 320×180 picture and
// a PGS track drawn on a 1920×1080 canvas, an opaque white rectangle at (480, 540) 960×270 from 0.5 s to 3 s,
// which on the video is (80, 90)–(240, 135); a VobSub track made from it.

interface WireStream {
  id: number;
  streamType: number;
  codec: string;
  selected?: boolean;
  decision?: string;
  location?: string;
  key?: string;
}

const browserQuery = new URLSearchParams(profileToQuery(DEFAULT_PROFILE)).toString();
const WIDTH = 320;
const HEIGHT = 180;

/** The gray value at (x, y) of a frame read at the video's size. */
const pixel = (frame: Buffer, x: number, y: number) => frame[y * WIDTH + x];

describe('picture subtitles burned into the video', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  let ratingKey: string;
  let partId: number;

  beforeAll(async () => {
    media = await createMediaFixture('marquee-playback-pgs-');
    const film = join(media.dir, 'Movies/Pictures (2021)/Pictures (2021).mkv');
    await mkdir(dirname(film), { recursive: true });
    await makePictureSubtitledMovie(film, {
      seconds: 6,
      width: WIDTH,
      height: HEIGHT,
      vobsub: true,
      rect: {
        canvasWidth: 1920,
        canvasHeight: 1080,
        x: 480,
        y: 540,
        width: 960,
        height: 270,
        from: 0.5,
        to: 3,
      },
    });
    server = await startTestServer({
      limits: RELAXED_LIMITS,
      tvAppDir: null,
      emulatorDir: null,
      mediaDir: media.dir,
    });
    await server.server.media.idle();
    token = (await linkTv(server.url)).token;
    const sections = (await (await getWithToken(server.url, '/library/sections', token)).json()) as {
      MediaContainer: { Directory: PlexSection[] };
    };
    const key = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key;
    const all = (await (await getWithToken(server.url, `/library/sections/${key}/all`, token)).json()) as {
      MediaContainer: { Metadata: PlexMetadata[] };
    };
    const item = all.MediaContainer.Metadata.find((candidate) => candidate.title === 'Pictures');
    ratingKey = item?.ratingKey ?? '';
    partId = Number(item?.Media?.[0]?.Part?.[0]?.id);
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  /** Chooses the subtitle stream, decides, starts, and returns the decision and a segment's file. */
  const playWith = async (subtitleIndex: number, session: string) => {
    const chosen = await fetch(
      `${server.url}/library/parts/${partId}?subtitleStreamID=${partId * 1000 + subtitleIndex}&X-Plex-Token=${token}`,
      { method: 'PUT' },
    );
    expect(chosen.status).toBe(200);
    const decision = await getWithToken(
      server.url,
      `/video/:/transcode/universal/decision?path=/library/metadata/${ratingKey}&session=${session}&${browserQuery}`,
      token,
    );
    expect(decision.status).toBe(200);
    const part = (await decision.json()).MediaContainer.Metadata[0].Media[0].Part[0];
    const start = await getWithToken(
      server.url,
      `/video/:/transcode/universal/start.m3u8?path=/library/metadata/${ratingKey}&session=${session}`,
      token,
    );
    expect(start.status).toBe(200);
    const segment = async (index: number) => {
      const response = await getWithToken(
        server.url,
        `/video/:/transcode/universal/session/${session}/base/seg0000${index}.ts`,
        token,
      );
      expect(response.status).toBe(200);
      const file = join(media.dir, '..', `${session}-${index}.ts`);
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      return file;
    };
    return { part, segment };
  };

  const expectBurned = async (subtitleIndex: number, codec: string, session: string) => {
    const { part, segment } = await playWith(subtitleIndex, session);
    expect(part.decision).toBe('transcode');
    const streams = part.Stream as WireStream[];
    expect(streams.find((stream) => stream.streamType === 1)).toMatchObject({ decision: 'transcode' });
    const subtitle = streams.find((stream) => stream.selected && stream.streamType === 3);
    expect(subtitle).toMatchObject({ codec, decision: 'burn', location: 'segments-video' });
    expect(subtitle?.key).toBeUndefined();

    // Segment 0 (0–2 s) at 1.5 s: the rectangle is white where the subtitle is, the picture black elsewhere.
    const during = await grayFrame(await segment(0), 1.5, WIDTH, HEIGHT);
    expect(pixel(during, 160, 112)).toBeGreaterThan(200);
    expect(pixel(during, 90, 95)).toBeGreaterThan(200);
    expect(pixel(during, 160, 40)).toBeLessThan(40);
    expect(pixel(during, 40, 112)).toBeLessThan(40);
    expect(pixel(during, 160, 160)).toBeLessThan(40);
    // Segment 1 (2–4 s) at 3.5 s: the subtitle has ended.
    const after = await grayFrame(await segment(1), 1.5, WIDTH, HEIGHT);
    expect(pixel(after, 160, 112)).toBeLessThan(40);
    await getWithToken(server.url, `/video/:/transcode/universal/stop?session=${session}`, token);
  };

  it('a PGS track chosen is overlaid on the converted picture, scaled to it, while it shows', async () => {
    await expectBurned(2, 'hdmv_pgs_subtitle', 'burn-pgs');
  });

  it('a VobSub track chosen is burned in the same way', async () => {
    await expectBurned(3, 'dvd_subtitle', 'burn-vobsub');
  });
});

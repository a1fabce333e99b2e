import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grayFrame, makePictureSubtitledMovie } from '../support/picture-subtitles';
import { movieServerFixture, SUBTITLE, VIDEO } from '../support/playback-movie';
import { getWithToken } from './helpers';

// Picture subtitles (PGS, VobSub) chosen are burned into the picture: the video is converted with the
// subtitle's bitmaps overlaid, scaled from their own canvas to the video. The file: a black 320×180 picture and
// a PGS track drawn on a 1920×1080 canvas, an opaque white rectangle at (480, 540) 960×270 from 0.5 s to 3 s,
// which on the video is (80, 90)–(240, 135); a VobSub track made from it.

const WIDTH = 320;
const HEIGHT = 180;

/** The gray value at (x, y) of a frame read at the video's size. */
const pixel = (frame: Buffer, x: number, y: number) => frame[y * WIDTH + x];

describe('picture subtitles burned into the video', () => {
  const movie = movieServerFixture({
    prefix: 'marquee-playback-pgs-',
    file: 'Movies/Pictures (2021)/Pictures (2021).mkv',
    title: 'Pictures',
    make: async (film) => {
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
    },
  });

  /** Chooses the subtitle stream, decides, starts, and returns the decision and a segment's file. */
  const playWith = async (subtitleIndex: number, session: string) => {
    const chosen = await fetch(
      `${movie.server.url}/library/parts/${movie.partId}?subtitleStreamID=${movie.partId * 1000 + subtitleIndex}&X-Plex-Token=${movie.token}`,
      { method: 'PUT' },
    );
    expect(chosen.status).toBe(200);
    const { part } = await movie.decide(session);
    const start = await getWithToken(
      movie.server.url,
      `/video/:/transcode/universal/start.m3u8?path=/library/metadata/${movie.ratingKey}&session=${session}`,
      movie.token,
    );
    expect(start.status).toBe(200);
    const segment = async (index: number) => {
      const response = await getWithToken(
        movie.server.url,
        `/video/:/transcode/universal/session/${session}/base/seg0000${index}.ts`,
        movie.token,
      );
      expect(response.status).toBe(200);
      const file = join(movie.media.dir, '..', `${session}-${index}.ts`);
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      return file;
    };
    return { part, segment };
  };

  const expectBurned = async (subtitleIndex: number, codec: string, session: string) => {
    const { part, segment } = await playWith(subtitleIndex, session);
    expect(part.decision).toBe('transcode');
    const streams = part.Stream;
    expect(streams.find((stream) => stream.streamType === VIDEO)).toMatchObject({ decision: 'transcode' });
    const subtitle = streams.find((stream) => stream.selected && stream.streamType === SUBTITLE);
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
    await getWithToken(movie.server.url, `/video/:/transcode/universal/stop?session=${session}`, movie.token);
  };

  it('a PGS track chosen is overlaid on the converted picture, scaled to it, while it shows', async () => {
    await expectBurned(2, 'hdmv_pgs_subtitle', 'burn-pgs');
  });

  it('a VobSub track chosen is burned in the same way', async () => {
    await expectBurned(3, 'dvd_subtitle', 'burn-vobsub');
  });
});

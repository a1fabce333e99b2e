import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata, PlexStream } from '../../src/protocol/plex-media';
import { demoLayout, generateDemoLibrary } from '../../src/server/media/demo-library';
import { startTestServer } from '../support/home-server';
import { probe } from '../support/media-fixtures';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

// The demo library in tiny mode (160×90, 1 s): the advertised layout, posters, .nfo, and files a TV
// cannot direct-play.

describe('demo library generator', () => {
  let dir: string;
  const progress: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marquee-demo-test-'));
    await generateDemoLibrary(dir, {
      width: 160,
      height: 90,
      posterWidth: 80,
      posterHeight: 120,
      durationSeconds: 1,
      log: (line) => progress.push(line),
    });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes 8 movies and a show with 2 seasons × 4 episodes in Plex naming, reporting progress', () => {
    const files = demoLayout().map((video) => video.file);
    const movies = files.filter((file) => file.startsWith('Movies/'));
    const episodes = files.filter((file) => file.startsWith('TV Shows/'));
    expect(movies).toHaveLength(8);
    expect(episodes).toHaveLength(8);
    for (const file of movies) expect(file).toMatch(/^Movies\/(.+) \((\d{4})\)\/\1 \(\2\)\.(mp4|mkv|avi)$/);
    for (const file of episodes) {
      expect(file).toMatch(
        /^TV Shows\/The Lighthouse Keepers\/Season 0[12]\/The Lighthouse Keepers - S0[12]E0[1-4] - .+\.(mp4|mkv)$/,
      );
    }
    for (const file of files) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(progress[0]).toMatch(/^Generating demo library: 1\/16 /);
    expect(progress).toContain(`Generating demo library: 16/16 ${files[15]}`);
  });

  it('gives every movie and the show a poster, and some an .nfo with a plot', () => {
    for (const video of demoLayout()) {
      if (video.file.startsWith('Movies/')) {
        expect(existsSync(join(dir, video.file, '..', 'poster.jpg')), video.file).toBe(true);
      }
    }
    expect(existsSync(join(dir, 'TV Shows/The Lighthouse Keepers/poster.jpg'))).toBe(true);
    expect(readFileSync(join(dir, 'TV Shows/The Lighthouse Keepers/tvshow.nfo'), 'utf8')).toContain('<plot>');
    expect(readFileSync(join(dir, 'Movies/Big Lake (2019)/Big Lake (2019).nfo'), 'utf8')).toContain('<plot>');
  });

  it('makes H.264/AAC MP4s, and files a TV cannot direct-play (AC-3 in MKV, MPEG-4 Part 2 in AVI)', async () => {
    const codecs = async (file: string) => {
      const info = await probe(join(dir, file));
      return { format: info.format.format_name, codecs: info.streams.map((s) => s.codec_name) };
    };
    expect(await codecs('Movies/Big Lake (2019)/Big Lake (2019).mp4')).toEqual({
      format: expect.stringContaining('mp4'),
      codecs: ['h264', 'aac'],
    });
    const bigLake = await probe(join(dir, 'Movies/Big Lake (2019)/Big Lake (2019).mp4'));
    expect(bigLake.streams[0]).toMatchObject({ width: 160, height: 90 });
    expect(await codecs('Movies/Copper Sky (2021)/Copper Sky (2021).mkv')).toEqual({
      format: expect.stringContaining('matroska'),
      codecs: ['h264', 'ac3'],
    });
    expect(await codecs('Movies/Paper Lanterns (2008)/Paper Lanterns (2008).avi')).toEqual({
      format: 'avi',
      codecs: ['mpeg4', 'mp3'],
    });
    expect(
      await codecs(
        'TV Shows/The Lighthouse Keepers/Season 02/The Lighthouse Keepers - S02E04 - Last Watch.mkv',
      ),
    ).toEqual({ format: expect.stringContaining('matroska'), codecs: ['h264', 'ac3', 'subrip'] });
  });

  it('resumes an interrupted run: missing files made again, half-written ones removed', async () => {
    const tiny = { width: 160, height: 90, posterWidth: 80, posterHeight: 120, durationSeconds: 1 };
    const copy = await mkdtemp(join(tmpdir(), 'marquee-demo-resume-'));
    try {
      await generateDemoLibrary(copy, tiny);
      const lost = join(copy, 'Movies/Northern Lights (2018)/Northern Lights (2018).mp4');
      const partial = join(copy, 'Movies/Northern Lights (2018)/.partial-1-Northern Lights (2018).mp4');
      await rm(lost);
      await rm(join(copy, '.marquee-demo-complete'));
      await writeFile(partial, 'half');
      const resumed = await generateDemoLibrary(copy, tiny);
      expect(resumed.generated).toBe(1);
      expect(existsSync(lost)).toBe(true);
      expect(existsSync(partial)).toBe(false);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('is skipped when already complete with the same settings', async () => {
    const again = await generateDemoLibrary(dir, {
      width: 160,
      height: 90,
      posterWidth: 80,
      posterHeight: 120,
      durationSeconds: 1,
    });
    expect(again.generated).toBe(0);
  });

  it('scans into 8 movies and 1 show of 2 seasons × 4 episodes, with the codecs and subtitles advertised', async () => {
    const server = await startTestServer({
      limits: RELAXED_LIMITS,
      tvAppDir: null,
      emulatorDir: null,
      mediaDir: dir,
      mediaWatchDebounceMs: 0,
    });
    try {
      await server.server.media.idle();
      const { token } = await linkTv(server.url);
      const list = async (path: string) =>
        (await (await getWithToken(server.url, path, token)).json()).MediaContainer
          .Metadata as PlexMetadata[];
      const movies = await list('/library/sections/1/all');
      expect(movies).toHaveLength(8);
      expect(movies.filter((m) => m.summary).length).toBeGreaterThanOrEqual(3);
      const copper = movies.find((m) => m.title === 'Copper Sky') as PlexMetadata;
      expect(copper.Media?.[0]).toMatchObject({ container: 'mkv', videoCodec: 'h264', audioCodec: 'ac3' });
      const lanterns = movies.find((m) => m.title === 'Paper Lanterns') as PlexMetadata;
      expect(lanterns.Media?.[0]).toMatchObject({ container: 'avi', videoCodec: 'mpeg4', audioCodec: 'mp3' });
      const [show] = await list('/library/sections/2/all');
      expect(show).toMatchObject({
        title: 'The Lighthouse Keepers',
        year: 2020,
        childCount: 2,
        leafCount: 8,
      });
      const leaves = await list(`/library/metadata/${show.ratingKey}/allLeaves`);
      const last = leaves[leaves.length - 1];
      const [detail] = await list(`/library/metadata/${last.ratingKey}`);
      const streams = detail.Media?.[0].Part[0].Stream as PlexStream[];
      expect(streams.map((s) => [s.streamType, s.codec])).toEqual([
        [1, 'h264'],
        [2, 'ac3'],
        [3, 'srt'],
      ]);
      expect(streams[2]).toMatchObject({
        language: 'English',
        languageCode: 'eng',
        languageTag: 'en',
        displayTitle: 'English (SRT)',
      });
    } finally {
      await server.close();
    }
  });

  it('a server with the demo library answers while generating (refreshing), then serves it', async () => {
    const server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    try {
      const { token } = await linkTv(server.url);
      await server.restart({
        demoLibrary: true,
        demoSize: { width: 160, height: 90, posterWidth: 80, posterHeight: 120, durationSeconds: 1 },
        mediaWatchDebounceMs: 0,
      });
      const sections = async () =>
        (await (await getWithToken(server.url, '/library/sections', token)).json()).MediaContainer.Directory;
      const during = await sections();
      expect(during.map((d: { title: string }) => d.title)).toEqual(['Movies', 'TV Shows']);
      expect(during[0].refreshing).toBe(true);
      await server.server.media.idle();
      expect(server.logLines.some((line) => line.startsWith('Generating demo library: 16/16 '))).toBe(true);
      const after = await sections();
      expect(after[0].refreshing).toBe(false);
      const movies = await getWithToken(server.url, `/library/sections/${after[0].key}/all`, token);
      expect((await movies.json()).MediaContainer.totalSize).toBe(8);
      expect(server.server.media.describe()).toBe('Movies: 8 movies; TV Shows: 1 show, 8 episodes');
    } finally {
      await server.close();
    }
  });
});

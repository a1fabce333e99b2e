import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import type { PlaybackMedia } from '../../src/server/media/playback/playback-routes';
import { TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { probeFile } from '../../src/server/media/probe';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { type PlaybackApp, startPlaybackApp, TOKEN } from '../support/playback-app';
import { makeChapteredClip, makeVideoClip, probeSegment, probeSegmentVideo } from '../support/tiny-media';

// Video conversions over real HTTP with real ffmpeg: a quality cap below the file converts its video to H.264
// within the cap (the segment's codec, size and bitrate checked), the original copies it, and a video codec
// the browser lacks (HEVC) is converted.

const browserQuery = new URLSearchParams(profileToQuery(DEFAULT_PROFILE)).toString();

describe('quality caps and video conversions', () => {
  let fixture: MediaFixture;
  let app: PlaybackApp;
  let sessions: TranscodeSessions;

  const addMedia = async (ratingKey: number, relativePath: string) => {
    const file = join(fixture.dir, relativePath);
    const probed = await probeFile(file);
    const media: PlaybackMedia = {
      partId: ratingKey,
      partKey: `/library/parts/${ratingKey}/1700000000/file.mkv`,
      relativePath,
      container: probed.container,
      mediaRoot: fixture.dir,
      videoCodec: probed.videoCodec ?? '',
      audioCodec: probed.audioCodec,
      width: probed.width,
      height: probed.height,
      durationMs: probed.durationMs,
      streams: probed.streams,
    };
    app.media.set(ratingKey, media);
    return { file, probed };
  };

  beforeAll(async () => {
    fixture = await createMediaFixture('marquee-playback-quality-');
    await makeVideoClip(join(fixture.dir, 'Movies/Sharp (2020)/Sharp (2020).mp4'), {
      codec: 'h264',
      seconds: 6,
      width: 640,
      height: 360,
    });
    await makeVideoClip(join(fixture.dir, 'Movies/Modern (2021)/Modern (2021).mp4'), {
      codec: 'hevc',
      seconds: 4,
      width: 320,
      height: 180,
    });
    sessions = new TranscodeSessions({ workDir: join(fixture.dir, '..', 'transcodes') });
    app = await startPlaybackApp(sessions);
    await addMedia(31, 'Movies/Sharp (2020)/Sharp (2020).mp4');
    await addMedia(32, 'Movies/Modern (2021)/Modern (2021).mp4');
    await makeChapteredClip(join(fixture.dir, 'Movies/Parts (2022)/Parts (2022).mkv'));
    await addMedia(33, 'Movies/Parts (2022)/Parts (2022).mkv');
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.remove();
  });

  const universal = (endpoint: string, query: string) =>
    `${app.url}/video/:/transcode/universal/${endpoint}?${query}&X-Plex-Token=${TOKEN}`;
  const decide = async (ratingKey: number, session: string, extra = '') => {
    const response = await fetch(
      universal('decision', `path=/library/metadata/${ratingKey}&session=${session}&${browserQuery}${extra}`),
    );
    expect(response.status).toBe(200);
    return (await response.json()).MediaContainer;
  };
  const firstSegment = async (ratingKey: number, session: string) => {
    expect(
      (await fetch(universal('start.m3u8', `path=/library/metadata/${ratingKey}&session=${session}`))).status,
    ).toBe(200);
    const response = await fetch(universal(`session/${session}/base/seg00000.ts`, ''));
    expect(response.status).toBe(200);
    const file = join(fixture.dir, '..', `${session}.ts`);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return file;
  };

  it('2 Mbps 720p below a lossless file: the decision says transcode, the segment is H.264 within the cap', async () => {
    const source = await stat(join(fixture.dir, 'Movies/Sharp (2020)/Sharp (2020).mp4'));
    expect((source.size * 8) / 6 / 1000).toBeGreaterThan(3_000); // the file is well above the cap
    const container = await decide(31, 'capped', '&maxVideoBitrate=2000&videoResolution=1280x720');
    const part = container.Metadata[0].Media[0].Part[0];
    expect(part.decision).toBe('transcode');
    expect(container.directPlayDecisionText).toContain('quality chosen (2000 kbps) is below');
    expect(part.Stream.find((stream: { streamType: number }) => stream.streamType === 1)).toMatchObject({
      codec: 'h264',
      decision: 'transcode',
    });
    const file = await firstSegment(31, 'capped');
    const video = await probeSegmentVideo(file);
    expect(video.codec).toBe('h264');
    expect(video.width).toBeLessThanOrEqual(1280);
    expect(video.height).toBeLessThanOrEqual(720);
    // Bitrate within the cap (video at most 2 Mbps over the segment, with its buffer; audio and MPEG-TS on top).
    const kbps = ((await stat(file)).size * 8) / video.seconds / 1000;
    expect(kbps).toBeLessThan(2_000 * 1.5 + 200);
    expect((await probeSegment(file)).codecs).toEqual(['audio:aac', 'video:h264']);
    await fetch(universal('stop', 'session=capped'));
  });

  it('1 Mbps 480p scales to the cap; Original copies the video', async () => {
    const container = await decide(31, 'original');
    expect(container.Metadata[0].Media[0].Part[0].Stream[0].decision).toBe('copy');
    await decide(31, 'small', '&maxVideoBitrate=1000&videoResolution=320x180');
    const video = await probeSegmentVideo(await firstSegment(31, 'small'));
    expect([video.codec, video.width, video.height]).toEqual(['h264', 320, 180]);
    await fetch(universal('stop', 'session=small'));
  });

  it('HEVC in a browser profile (no HEVC decoder, hls.js): converted to H.264', async () => {
    const container = await decide(32, 'hevc');
    expect(container.Metadata[0].Media[0].Part[0].Stream[0]).toMatchObject({
      codec: 'h264',
      decision: 'transcode',
    });
    expect(container.directPlayDecisionText).toContain('the video codec hevc is not supported');
    const video = await probeSegmentVideo(await firstSegment(32, 'hevc'));
    expect(video.codec).toBe('h264');
    await fetch(universal('stop', 'session=hevc'));
  });

  it('the decision carries the file’s chapters (Plex’s Metadata.Chapter)', async () => {
    const container = await decide(33, 'chapters');
    expect(container.Metadata[0].Chapter).toEqual([
      { index: 1, startTimeOffset: 0, endTimeOffset: 3000, tag: 'Opening' },
      { index: 2, startTimeOffset: 3000, endTimeOffset: 6000, tag: 'Middle' },
      { index: 3, startTimeOffset: 6000, endTimeOffset: 9000, tag: 'End' },
    ]);
    // A file without chapters has none.
    expect((await decide(32, 'no-chapters')).Metadata[0].Chapter).toBeUndefined();
  });
});

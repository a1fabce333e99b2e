import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { decide, findMovie, movieServerFixture, SUBTITLE } from '../support/playback-movie';
import {
  makeMovTextClip,
  makeMultiTrackMovie,
  maxVolumeDb,
  probeSegment,
  SRT_ENGLISH,
} from '../support/tiny-media';
import { getWithToken, linkTv } from './helpers';

// Audio and subtitle tracks through the whole home server: the decision lists every track with the one
// playing marked, PUT /library/parts/{id} keeps the account's choice as PMS does, the next decision plays it
// (only what the TV cannot decode converted), and the conversion carries the chosen audio.

describe('audio and subtitle tracks', () => {
  const movie = movieServerFixture({
    prefix: 'marquee-playback-tracks-',
    file: 'Movies/Tracks (2023)/Tracks (2023).mkv',
    title: 'Tracks',
    make: async (film) => {
      await makeMultiTrackMovie(film);
      // A sidecar beside it, in Plex naming.
      await writeFile(join(dirname(film), 'Tracks (2023).en.srt'), SRT_ENGLISH);
    },
  });

  const choose = (query: string) =>
    fetch(`${movie.server.url}/library/parts/${movie.partId}?${query}&X-Plex-Token=${movie.token}`, {
      method: 'PUT',
    });

  it('lists every track; by default the file’s default audio, converted for a browser, and no subtitles', async () => {
    const { part, audio, subtitles } = await movie.decide('tracks-default');
    expect(audio.map((stream) => [stream.language, stream.selected])).toEqual([
      ['eng', true],
      ['fre', false],
    ]);
    // The stream as it plays (AC-3 becomes AAC), its label as the file holds it.
    expect(audio[0]).toMatchObject({
      id: movie.partId * 1000 + 1,
      codec: 'aac',
      decision: 'transcode',
      displayTitle: 'English (AC3 5.1)',
    });
    expect(audio[1]).toMatchObject({ id: movie.partId * 1000 + 2, displayTitle: 'French (AAC Stereo)' });
    expect(part.decision).toBe('transcode');
    // The SRT track, the French forced one and the sidecar file: none shown (the forced one is French).
    expect(subtitles.map((stream) => [stream.language, stream.forced ?? false, stream.selected])).toEqual([
      ['eng', false, false],
      ['fre', true, false],
      ['en', false, false],
    ]);
    expect(subtitles[2].id).toBe(movie.partId * 1000 + 500);
    for (const subtitle of subtitles) expect(subtitle.key).toBe(`/library/streams/${subtitle.id}`);
  });

  it('choosing French audio is kept per part: the next decision copies it, with the French forced subtitles', async () => {
    const chosen = await choose(`audioStreamID=${movie.partId * 1000 + 2}`);
    expect(chosen.status).toBe(200);
    const { container, part, audio, subtitles } = await movie.decide('tracks-french');
    expect(container.generalDecisionCode).toBe(1001);
    expect(audio.find((stream) => stream.selected)).toMatchObject({
      language: 'fre',
      codec: 'aac',
      decision: 'copy',
      location: 'segments-audio',
    });
    // Forced subtitles in the audio's language, as Plex picks them.
    expect(subtitles.find((stream) => stream.selected)).toMatchObject({
      language: 'fre',
      forced: true,
      decision: 'copy',
      location: 'sidecar',
    });
    // The MKV is not a browser's file, so the streams are copied into HLS (a remux): on the Part that is a
    // transcode, as PMS says it (copy is only a stream's decision).
    expect(part.decision).toBe('transcode');

    // The conversion maps the French track (the file's stream 2) and copies it.
    const start = await getWithToken(
      movie.server.url,
      `/video/:/transcode/universal/start.m3u8?path=/library/metadata/${movie.ratingKey}&session=tracks-french`,
      movie.token,
    );
    expect(start.status).toBe(200);
    const segment = await getWithToken(
      movie.server.url,
      '/video/:/transcode/universal/session/tracks-french/base/seg00000.ts',
      movie.token,
    );
    expect(segment.status).toBe(200);
    const file = join(movie.media.dir, '..', 'tracks-french.ts');
    await writeFile(file, Buffer.from(await segment.arrayBuffer()));
    expect((await probeSegment(file)).codecs).toEqual(['audio:aac', 'video:h264']);
    // The French track's loud tone, not the English one's quiet tone.
    expect(await maxVolumeDb(file)).toBeGreaterThan(-15);
    await getWithToken(
      movie.server.url,
      '/video/:/transcode/universal/stop?session=tracks-french',
      movie.token,
    );
  });

  it('subtitles chosen by id or turned off (0); bad ids are 400, an unknown part 404', async () => {
    expect((await choose(`subtitleStreamID=${movie.partId * 1000 + 500}`)).status).toBe(200);
    let { subtitles, audio } = await movie.decide('tracks-sidecar');
    expect(subtitles.find((stream) => stream.selected)?.id).toBe(movie.partId * 1000 + 500);
    // The audio chosen before is still chosen.
    expect(audio.find((stream) => stream.selected)?.language).toBe('fre');
    expect((await choose('subtitleStreamID=0')).status).toBe(200);
    ({ subtitles } = await movie.decide('tracks-none'));
    expect(subtitles.some((stream) => stream.selected)).toBe(false);
    // A request's own ids win for that decision without being kept.
    ({ audio } = await movie.decide('tracks-once', `&audioStreamID=${movie.partId * 1000 + 1}`));
    expect(audio.find((stream) => stream.selected)?.language).toBe('eng');
    ({ audio } = await movie.decide('tracks-kept'));
    expect(audio.find((stream) => stream.selected)?.language).toBe('fre');

    expect((await choose('audioStreamID=12')).status).toBe(400);
    expect((await choose('audioStreamID=abc')).status).toBe(400);
    expect((await choose('other=1')).status).toBe(400);
    const unknown = await fetch(
      `${movie.server.url}/library/parts/999999?audioStreamID=1&X-Plex-Token=${movie.token}`,
      {
        method: 'PUT',
      },
    );
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(
      `${movie.server.url}/library/parts/${movie.partId}?audioStreamID=${movie.partId * 1000 + 1}`,
      {
        method: 'PUT',
      },
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('text subtitles as WebVTT', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    media = await createMediaFixture('marquee-playback-subtitles-');
    const film = join(media.dir, 'Movies/Tracks (2023)/Tracks (2023).mkv');
    await mkdir(dirname(film), { recursive: true });
    await makeMultiTrackMovie(film);
    await writeFile(join(dirname(film), 'Tracks (2023).en.srt'), SRT_ENGLISH);
    // An MP4 with a mov_text track.
    await makeMovTextClip(join(media.dir, 'Movies/Texted (2024)/Texted (2024).mp4'));
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  const subtitleKeys = async (title: string) => {
    const { ratingKey } = await findMovie(server.url, token, title);
    const { part } = await decide(server.url, token, ratingKey, 'subs');
    return part.Stream.filter((stream) => stream.streamType === SUBTITLE).map((stream) => stream.key ?? '');
  };

  it('embedded SRT, a sidecar .srt and mov_text come as WebVTT with their cues', async () => {
    const [embedded, forced, sidecar] = await subtitleKeys('Tracks');
    for (const [key, cue] of [
      [embedded, 'Hello from the test'],
      [forced, 'Panneau'],
      [sidecar, 'Second line'],
    ]) {
      const response = await getWithToken(server.url, key, token);
      expect(response.status, key).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/vtt');
      const text = await response.text();
      expect(text.startsWith('WEBVTT')).toBe(true);
      expect(text).toContain(cue);
      // At 1 s and 3 s (the generated MKV starts 21 ms late: its AAC track's priming).
      expect(text).toMatch(/(00:)?00:01\.0[0-2]\d --> (00:)?00:03\.0[0-2]\d/);
    }
    const [movText] = await subtitleKeys('Texted');
    const mp4 = await getWithToken(server.url, movText, token);
    expect(mp4.status).toBe(200);
    expect(await mp4.text()).toContain('Hello from the test');
    // Not a subtitle, an unknown part, no token.
    expect((await getWithToken(server.url, embedded.replace(/\d{3}$/, '000'), token)).status).toBe(404);
    expect((await getWithToken(server.url, '/library/streams/999999003', token)).status).toBe(404);
    expect((await fetch(`${server.url}${embedded}`)).status).toBe(401);
  });
});
